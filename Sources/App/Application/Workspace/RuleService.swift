public import Domain
import Foundation
import Ports

/// The rule library: the workspace's learned patterns, which approvers may re-band or delete.
public struct RuleService: Sendable {
    let storage: any Storage
    let runtime: Runtime

    public func list(limit: Int, offset: Int, caller: Caller) async throws -> [LearnedPattern] {
        try await storage.withTenant(caller.tenantID) { try await $0.patterns.list(limit: limit, offset: offset) }
    }

    public func rule(_ id: PatternID, caller: Caller) async throws -> LearnedPattern {
        guard let pattern = try await storage.withTenant(caller.tenantID, { try await $0.patterns.pattern(id) }) else {
            throw ApplicationError.notFound
        }
        return pattern
    }

    /// Sets the band from decimal texts in the pattern's currency.
    public func updateBand(_ id: PatternID, lower: String, upper: String, caller: Caller) async throws -> LearnedPattern
    {
        try caller.require(.approver)
        return try await storage.withTenant(caller.tenantID) { scope in
            guard var pattern = try await scope.patterns.pattern(id) else { throw ApplicationError.notFound }
            var problems: [String] = []
            let low = Money(decimal: lower, currency: pattern.currency)
            let high = Money(decimal: upper, currency: pattern.currency)
            if low == nil || low!.minorUnits < 0 {
                problems.append("lower: a non-negative amount in the rule's currency, e.g. 12.50.")
            }
            if high == nil || high!.minorUnits < 0 {
                problems.append("upper: a non-negative amount in the rule's currency, e.g. 80.00.")
            }
            if let low, let high, low.minorUnits > high.minorUnits { problems.append("lower must not exceed upper.") }
            guard problems.isEmpty, let low, let high else { throw ApplicationError.invalidInput(problems) }
            pattern.lowerBound = low.minorUnits
            pattern.upperBound = high.minorUnits
            try await scope.patterns.save(pattern)
            try await audit(
                scope, caller, ["change": "band", "rule": id.description, "band": "\(low.decimalText)–\(high)"])
            return pattern
        }
    }

    public func delete(_ id: PatternID, caller: Caller) async throws {
        try caller.require(.approver)
        try await storage.withTenant(caller.tenantID) { scope in
            do { try await scope.patterns.delete(id) } catch StoreError.notFound { throw ApplicationError.notFound }
            try await audit(scope, caller, ["change": "deleted", "rule": id.description])
        }
    }

    private func audit(_ scope: any TenantScope, _ caller: Caller, _ detail: [String: String]) async throws {
        try await scope.approvals.appendAudit(
            AuditEntry(
                id: runtime.randomness.identifier(), tenantID: caller.tenantID, submissionID: nil,
                at: runtime.clock.now(),
                actor: caller.user.email.value, action: .ruleChanged, detail: detail))
    }
}
