public import Domain
public import Foundation
public import Ports

/// Applies what a decision teaches (``PatternLesson``) to the tenant's pattern memory.
public struct PatternLearner: Sendable {
    let randomness: any Randomness

    public func learn(_ choice: Decision.Outcome, from submission: Submission, scope: any TenantScope, now: Date)
        async throws
    {
        for lesson in PatternLesson.lessons(from: submission) {
            let existing = try await scope.patterns.pattern(
                vendorKey: lesson.vendorKey, category: lesson.category, currency: lesson.amount.currency)
            try await scope.patterns.save(
                lesson.applied(
                    choice, to: existing, tenantID: submission.tenantID, newID: randomness.identifier(), at: now))
        }
    }
}
