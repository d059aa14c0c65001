/// Makes text from employees, their files or the AI inert inside a Lark card.
///
/// Lark's card markdown turns `[text](url)` into links, bare URLs into links, `<at id=…>` into
/// mentions, and `#`, `*`, `-`, `>` … into formatting; a newline starts a line that could pass for
/// one of Kopi's own findings. Lark's documented escape is the HTML entity `&#N;` for each
/// markdown character, so every such character becomes its entity (`:` too, so no URL is
/// recognised), control characters and line breaks become spaces, and the length is capped.
public enum LarkMarkdown {
    /// Characters Lark's card markdown gives a meaning to, and `&`, so typed entities stay literal.
    static let special = "&<>~-!*/\\[]()#:+\"'`$_|{}@"
    /// `special` as a table indexed by ASCII code: every character with a meaning is ASCII.
    private static let isSpecial: [Bool] = {
        var table = [Bool](repeating: false, count: 128)
        for byte in special.utf8 { table[Int(byte)] = true }
        return table
    }()

    /// `text` as inert markdown: one line, at most `limit` characters of the original.
    public static func escape(_ text: String, limit: Int = 200) -> String {
        let line = PlainText.line(text, limit: limit)
        if line.utf8.allSatisfy({ $0 < 0x80 }) { return escapeASCII(line) }
        var escaped = ""
        escaped.reserveCapacity(line.utf8.count + 16)
        for character in line {
            if let ascii = character.asciiValue, isSpecial[Int(ascii)] {
                escaped += "&#\(ascii);"
            } else {
                escaped.append(character)
            }
        }
        return escaped
    }

    /// The same for ASCII text (every character one byte), byte by byte: most of what a card
    /// shows, and Characters and interpolation cost more than the rest of the card.
    private static func escapeASCII(_ line: String) -> String {
        var escaped: [UInt8] = []
        escaped.reserveCapacity(line.utf8.count + 16)
        for byte in line.utf8 {
            guard isSpecial[Int(byte)] else {
                escaped.append(byte)
                continue
            }
            escaped.append(contentsOf: [UInt8(ascii: "&"), UInt8(ascii: "#")])
            if byte >= 100 { escaped.append(UInt8(ascii: "0") + byte / 100) }
            escaped.append(UInt8(ascii: "0") + byte / 10 % 10)
            escaped.append(UInt8(ascii: "0") + byte % 10)
            escaped.append(UInt8(ascii: ";"))
        }
        return String(decoding: escaped, as: UTF8.self)
    }
}

/// Text for a `plain_text` element or a header: no markup is read there, but one line and a
/// bounded length still keep it from passing for something else.
public enum PlainText {
    /// Control characters and line or paragraph separators become spaces, runs of spaces one,
    /// and text over `limit` characters is cut with an ellipsis.
    public static func line(_ text: String, limit: Int = 200) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return asciiLine(text, limit: limit) }
        var result = ""
        var lastWasSpace = false
        for character in text {
            let isSpace: Bool
            if let ascii = character.asciiValue {
                isSpace = ascii <= 0x20 || ascii == 0x7F
            } else {
                let scalars = character.unicodeScalars
                // Line breaks and controls anywhere in the cluster; a cluster of nothing but format
                // characters (bidi overrides, zero-width ones) too. A joiner inside an emoji stays.
                let isBreak =
                    scalars.contains { isBreaking($0.properties.generalCategory) }
                    || scalars.allSatisfy { $0.properties.generalCategory == .format }
                isSpace = isBreak || character.isWhitespace
            }
            if isSpace {
                if !lastWasSpace && !result.isEmpty { result.append(" ") }
                lastWasSpace = true
            } else {
                result.append(character)
                lastWasSpace = false
            }
        }
        while result.last == " " { result.removeLast() }
        guard result.count > limit else { return result }
        return String(result.prefix(max(0, limit - 1))) + "…"
    }

    private static func isBreaking(_ category: Unicode.GeneralCategory) -> Bool {
        switch category {
        case .control, .lineSeparator, .paragraphSeparator: true
        default: false
        }
    }

    /// The same rules for ASCII text, byte by byte: controls and spaces are the only breaks.
    private static func asciiLine(_ text: String, limit: Int) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(min(text.utf8.count, limit + 1))
        var lastWasSpace = false
        for byte in text.utf8 {
            if byte <= 0x20 || byte == 0x7F {
                if !lastWasSpace && !result.isEmpty { result.append(0x20) }
                lastWasSpace = true
            } else {
                result.append(byte)
                lastWasSpace = false
            }
        }
        while result.last == 0x20 { result.removeLast() }
        guard result.count > limit else { return String(decoding: result, as: UTF8.self) }
        return String(decoding: result.prefix(max(0, limit - 1)), as: UTF8.self) + "…"
    }
}
