public import Domain
import Foundation
import Logging
public import Ports
import Synchronization

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

    /// Each attachment goes through its lifecycle in a task of its own, so a claim's files are
    /// downloaded and read at once (the AI adapter bounds the calls in flight). The submission's
    /// byte budget is shared: a file that would overrun it is discarded unread. Results keep the
    /// order of `references`.
    public func read(
        _ references: [AttachmentReference], tenant: TenantID, formSummary: String?, reader: any InvoiceReader
    ) async -> Result {
        let budget = ByteBudget(limit: limits.maxSubmissionBytes)
        let outcomes = await withTaskGroup(of: (Int, Outcome).self) { group in
            for (index, reference) in references.enumerated() {
                group.addTask {
                    (
                        index,
                        await lifecycle(
                            reference, tenant: tenant, formSummary: formSummary, reader: reader, budget: budget)
                    )
                }
            }
            var outcomes = [Outcome?](repeating: nil, count: references.count)
            for await (index, outcome) in group { outcomes[index] = outcome }
            return outcomes.compactMap { $0 }
        }
        var result = Result()
        for outcome in outcomes {
            result.facts.append(outcome.facts)
            if let extraction = outcome.extraction { result.extractions.append(extraction) }
            if outcome.reused { result.reused += 1 }
            result.aiUnavailable = result.aiUnavailable || outcome.aiUnavailable
        }
        return result
    }

    struct Outcome: Sendable {
        var facts: AttachmentFacts
        var extraction: InvoiceExtraction? = nil
        var reused = false
        var aiUnavailable = false
    }

    /// Referenced → fetched into memory → read (or its known extraction reused) → discarded.
    private func lifecycle(
        _ reference: AttachmentReference, tenant: TenantID, formSummary: String?, reader: any InvoiceReader,
        budget: ByteBudget
    ) async -> Outcome {
        let fetched: FetchedAttachment
        do {
            fetched = try await lark.download(reference, maxBytes: limits.maxFileBytes)
        } catch {
            let outcome: AttachmentFacts.Outcome = error.kind == .tooLarge ? .tooLarge : .downloadFailed
            return Outcome(
                facts: AttachmentFacts(
                    fileName: reference.fileName, mediaType: nil, size: 0, contentHash: nil, outcome: outcome))
        }
        guard budget.take(fetched.size) else { return Outcome(facts: fetched.discard(.tooLarge)) }
        guard fetched.mediaType != nil else { return Outcome(facts: fetched.discard(.unsupportedType)) }
        let hash = fetched.contentHash
        if let known = try? await storage.withTenant(tenant, { try await $0.approvals.extraction(contentHash: hash) }) {
            return Outcome(facts: fetched.discard(.read), extraction: known, reused: true)
        }
        do {
            let extraction = try await reader.read(fetched, formSummary: formSummary)
            return Outcome(facts: fetched.discard(.read), extraction: extraction)
        } catch {
            runtime.logger.notice("invoice not read", metadata: ["error": "\(error)"])
            return Outcome(facts: fetched.discard(.notRead), aiUnavailable: error.kind == .unavailable)
        }
    }
}

/// The bytes a submission's attachments may take together, shared by their concurrent reads.
final class ByteBudget: Sendable {
    private let remaining: Mutex<Int>

    init(limit: Int) { remaining = Mutex(limit) }

    /// Takes `bytes` from the budget; false (and nothing taken) when they do not fit.
    func take(_ bytes: Int) -> Bool {
        remaining.withLock { remaining in
            guard bytes <= remaining else { return false }
            remaining -= bytes
            return true
        }
    }
}
