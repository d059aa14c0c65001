/// The errors every storage adapter throws, whatever the backend. Descriptions are stable codes
/// that never contain SQL, parameters or stored values.
public enum StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A UNIQUE key already holds this (SQLite's UNIQUE/PRIMARY KEY constraint, Postgres 23505).
    case duplicate
    /// The row to change does not exist in this tenant (or exists only in another one).
    case notFound
    /// A referenced row does not exist in this tenant (foreign key).
    case invalidReference
    /// A row given to a tenant scope names another tenant.
    case tenantMismatch
    /// The backend cannot be reached, or stayed locked beyond the busy timeout. `reason` is a code.
    case unavailable(reason: String)
    /// A concurrent change won (serialization failure, deadlock, lost lease); the caller may retry.
    case conflict
    /// Stored data could not be decoded or a sealed secret could not be opened.
    case corrupt(what: String)
    /// The backend refused the statement for another reason; `code` is SQLSTATE or SQLite's code.
    case backend(code: String)

    public var description: String {
        switch self {
        case .duplicate: "store.duplicate"
        case .notFound: "store.not_found"
        case .invalidReference: "store.invalid_reference"
        case .tenantMismatch: "store.tenant_mismatch"
        case .unavailable(let reason): "store.unavailable(\(reason))"
        case .conflict: "store.conflict"
        case .corrupt(let what): "store.corrupt(\(what))"
        case .backend(let code): "store.backend(\(code))"
        }
    }
}
