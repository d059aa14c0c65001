public import Domain
import Foundation
import Logging
public import Ports

/// The attachment lifecycle of one claim: referenced → fetched into memory → read → discarded.
/// Only facts and extractions leave; the bytes end with each loop iteration. A file whose
/// content hash the workspace has read before is not sent to the AI again: its stored
/// extraction is reused (a later approver's card, a re-submitted claim with the same invoice).
public struct AttachmentReader: Sendable {
    let storage: any Storage
    let lark: any LarkGateway
    let runtime: Runtime
    public var limits = AttachmentLimits()

    public struct Result: Sendable {
        public var facts: [AttachmentFacts] = []
        public var extractions: [InvoiceExtraction] = []
        /// Files whose extraction was reused instead of asking the AI.
        public var reused = 0
        public var aiUnavailable = false
    }

    public func read(
        _ references: [AttachmentReference], tenant: TenantID, formSummary: String?, reader: any InvoiceReader
    ) async -> Result {
        var result = Result()
        var total = 0
        for reference in references {
            let fetched: FetchedAttachment
            do {
                fetched = try await lark.download(reference, maxBytes: limits.maxFileBytes)
            } catch {
                let outcome: AttachmentFacts.Outcome = error.kind == .tooLarge ? .tooLarge : .downloadFailed
                result.facts.append(
                    AttachmentFacts(
                        fileName: reference.fileName, mediaType: nil, size: 0, contentHash: nil, outcome: outcome))
                continue
            }
            total += fetched.size
            if total > limits.maxSubmissionBytes {
                result.facts.append(fetched.discard(.tooLarge))
                continue
            }
            guard fetched.mediaType != nil else {
                result.facts.append(fetched.discard(.unsupportedType))
                continue
            }
            let hash = fetched.contentHash
            if let known = try? await storage.withTenant(
                tenant, { try await $0.approvals.extraction(contentHash: hash) })
            {
                result.extractions.append(known)
                result.reused += 1
                result.facts.append(fetched.discard(.read))
                continue
            }
            do {
                result.extractions.append(try await reader.read(fetched, formSummary: formSummary))
                result.facts.append(fetched.discard(.read))
            } catch {
                runtime.logger.notice("invoice not read", metadata: ["error": "\(error)"])
                result.aiUnavailable = result.aiUnavailable || error.kind == .unavailable
                result.facts.append(fetched.discard(.notRead))
            }
        }
        return result
    }
}
