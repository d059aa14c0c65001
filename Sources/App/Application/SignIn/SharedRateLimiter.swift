import Crypto
import Domain
public import Foundation
public import Ports

/// Limits counted in storage, so they hold across every instance on one database: sign-in links
/// and redeems per client address, Google sign-in starts, invitations per workspace. Keys are
/// stored as SHA-256 hashes, so no client address is kept.
public struct SharedRateLimiter: Sendable {
    let store: any RateLimitStore

    public init(store: any RateLimitStore) {
        self.store = store
    }

    /// Counts one request for `key` and says whether it is within `limit` per `period` seconds.
    public func allow(_ key: String, limit: Int, per period: TimeInterval, now: Date) async throws -> Bool {
        let hashed = Hex.lowercase(SHA256.hash(data: Data(key.utf8)))
        return try await store.hit(hashed, period: period, now: now) <= limit
    }
}
