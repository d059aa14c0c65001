extension String {
    /// `trimmingCharacters(in: .whitespaces)` (Unicode's space separators, tab, and U+200B ZERO
    /// WIDTH SPACE, as Foundation's set holds it) without Foundation's `CharacterSet`, whose
    /// bridging showed in profiles of every claim's amounts, currencies and invoice numbers.
    public func trimmingWhitespace() -> String { Substring(self).trimmingWhitespace() }

    /// `trimmingCharacters(in: .whitespacesAndNewlines)`: Unicode's White_Space property and
    /// U+200B, exactly that set.
    public func trimmingWhitespaceAndNewlines() -> String { Substring(self).trimmingWhitespaceAndNewlines() }
}

extension Substring {
    /// As `String`'s ``Swift/String/trimmingWhitespace()``.
    public func trimmingWhitespace() -> String {
        trimming { Self.isWhitespace($0) && !Self.isNewline($0) }
    }

    /// As `String`'s ``Swift/String/trimmingWhitespaceAndNewlines()``.
    public func trimmingWhitespaceAndNewlines() -> String {
        trimming(Self.isWhitespace)
    }

    private func trimming(_ trimmed: (Unicode.Scalar) -> Bool) -> String {
        guard let first = unicodeScalars.firstIndex(where: { !trimmed($0) }),
            let last = unicodeScalars.lastIndex(where: { !trimmed($0) })
        else { return "" }
        return String(unicodeScalars[first...last])
    }

    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || scalar == "\u{200B}"
    }

    /// The line and paragraph breaks Foundation's `.newlines` holds: U+000A–U+000D, U+0085,
    /// U+2028 and U+2029.
    private static func isNewline(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }
}
