import Ports

/// One result row, read by column name. Reads throw ``StoreError/corrupt(what:)`` on a type mismatch.
struct SQLRow: Sendable {
    let columns: [String: Int]
    let values: [SQLValue]

    private func value(_ name: String) throws -> SQLValue {
        guard let index = columns[name] else { throw StoreError.corrupt(what: "column \(name)") }
        return values[index]
    }

    func optionalText(_ name: String) throws -> String? {
        switch try value(name) {
        case .null: return nil
        case .text(let text): return text
        case .integer(let number): return String(number)
        case .blob: throw StoreError.corrupt(what: name)
        }
    }

    func text(_ name: String) throws -> String {
        guard let text = try optionalText(name) else { throw StoreError.corrupt(what: name) }
        return text
    }

    func optionalInteger(_ name: String) throws -> Int64? {
        switch try value(name) {
        case .null: return nil
        case .integer(let number): return number
        case .text(let text):
            guard let number = Int64(text) else { throw StoreError.corrupt(what: name) }
            return number
        case .blob: throw StoreError.corrupt(what: name)
        }
    }

    func integer(_ name: String) throws -> Int64 {
        guard let number = try optionalInteger(name) else { throw StoreError.corrupt(what: name) }
        return number
    }

    func optionalBlob(_ name: String) throws -> [UInt8]? {
        switch try value(name) {
        case .null: return nil
        case .blob(let bytes): return bytes
        default: throw StoreError.corrupt(what: name)
        }
    }

    func blob(_ name: String) throws -> [UInt8] {
        guard let bytes = try optionalBlob(name) else { throw StoreError.corrupt(what: name) }
        return bytes
    }
}
