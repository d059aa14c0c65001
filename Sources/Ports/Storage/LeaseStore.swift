public import Foundation

/// Named, expiring leases shared by every instance on one database, so that periodic work
/// (the reconciliation sweep) runs in one instance at a time and a crashed holder's lease lapses.
public protocol LeaseStore: Sendable {
    /// Takes or renews the lease `name` for `owner` until `now + duration`. Returns false, changing
    /// nothing, while another owner holds an unexpired lease. Of concurrent callers for a free
    /// lease exactly one gets it.
    func acquire(_ name: String, owner: String, for duration: TimeInterval, now: Date) async throws -> Bool
    /// Gives the lease up if `owner` holds it.
    func release(_ name: String, owner: String) async throws
}
