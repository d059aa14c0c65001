public import Domain

/// Card taps, recorded before Lark is answered and settled by the worker.
public protocol CardTapStore: Sendable {
    /// Stores a new tap; its update token is sealed at rest. Throws ``StoreError/duplicate`` for
    /// a known id, ``StoreError/invalidReference`` for an unknown submission, here or at the
    /// transaction's commit (a write that only records: ``Storage/withTenant(_:_:)``).
    func saveTap(_ tap: CardTap) async throws
    /// Replaces a tap's state, failure and token. Throws ``StoreError/notFound`` when absent.
    func updateTap(_ tap: CardTap) async throws
    func tap(_ id: TapID) async throws -> CardTap?
    /// Oldest first.
    func taps(for submissionID: SubmissionID) async throws -> [CardTap]
}
