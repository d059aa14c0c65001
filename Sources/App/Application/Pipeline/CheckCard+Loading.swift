public import Domain
public import Foundation
public import Ports

extension CheckCard {
    /// The card of a stored submission as its latest check sees it; nil before the first check.
    /// `localizer` saves reading the workspace's language again when the caller has it.
    public static func load(
        _ submission: Submission, scope: any TenantScope, publicURL: URL, localizer known: Localizer? = nil
    ) async throws -> CheckCard? {
        guard let check = try await scope.approvals.latestCheck(for: submission.id) else { return nil }
        let localizer: Localizer
        if let known { localizer = known } else { localizer = try await Localizer.workspace(scope) }
        let flowName = try await scope.approvals.flow(submission.flowID)?.name ?? localizer(.cardFlowFallback)
        return CheckCard(
            submission: submission, check: check,
            extractions: try await scope.approvals.extractions(for: submission.id),
            instanceTitle: flowName, auditURL: auditURL(publicURL, submission.id), localizer: localizer)
    }

    /// The approval's audit page under the public URL.
    public static func auditURL(_ publicURL: URL, _ id: SubmissionID) -> String {
        var base = publicURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return "\(base)/approvals/\(id)"
    }
}
