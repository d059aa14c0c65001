import Domain
import Ports

struct InMemoryCardTapStore: CardTapStore {
    let database: InMemoryDatabase
    let tenantID: TenantID
    let sealer: any SecretSealer

    func saveTap(_ tap: CardTap) async throws {
        guard tap.tenantID == tenantID else { throw StoreError.tenantMismatch }
        let sealed = try sealedToken(tap)
        try await database.write { [tenantID] tables in
            guard tables.submissions[tenantID]?[tap.submissionID] != nil else { throw StoreError.invalidReference }
            guard tables.taps[tenantID]?[tap.id] == nil else { throw StoreError.duplicate }
            tables.taps[tenantID, default: [:]][tap.id] = (Self.withoutToken(tap), sealed)
        }
    }

    func updateTap(_ tap: CardTap) async throws {
        guard tap.tenantID == tenantID else { throw StoreError.tenantMismatch }
        let sealed = try sealedToken(tap)
        try await database.write { [tenantID] tables in
            guard tables.taps[tenantID]?[tap.id] != nil else { throw StoreError.notFound }
            tables.taps[tenantID]?[tap.id] = (Self.withoutToken(tap), sealed)
        }
    }

    func tap(_ id: TapID) async throws -> CardTap? {
        guard let stored = await database.read({ [tenantID] in $0.taps[tenantID]?[id] }) else { return nil }
        return try opened(stored)
    }

    func taps(for submissionID: SubmissionID) async throws -> [CardTap] {
        let stored = await database.read { [tenantID] tables in
            (tables.taps[tenantID] ?? [:]).values.filter { $0.tap.submissionID == submissionID }
                .sorted { ($0.tap.receivedAt, $0.tap.id) < ($1.tap.receivedAt, $1.tap.id) }
        }
        return try stored.map(opened)
    }

    private func sealedToken(_ tap: CardTap) throws -> [UInt8]? {
        try tap.updateToken.map { try sealer.seal($0, context: .tenant(tenantID, field: "card_tap_token:\(tap.id)")) }
    }

    private func opened(_ stored: (tap: CardTap, sealedToken: [UInt8]?)) throws -> CardTap {
        var tap = stored.tap
        tap.updateToken = try stored.sealedToken.map {
            try sealer.open($0, context: .tenant(tenantID, field: "card_tap_token:\(tap.id)"))
        }
        return tap
    }

    private static func withoutToken(_ tap: CardTap) -> CardTap {
        var bare = tap
        bare.updateToken = nil
        return bare
    }
}
