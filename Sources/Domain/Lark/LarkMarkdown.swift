/// Makes text from employees, their files or the AI inert inside a Lark card.
///
/// Lark's card markdown turns `[text](url)` into links, bare URLs into links, `<at id=…>` into
/// mentions, and `#`, `*`, `-`, `>` … into formatting; a newline starts a line that could pass for
/// one of Kopi's own findings. Lark's documented escape is the HTML entity `&#N;` for each
/// markdown character, so every such character becomes its entity (`:` too, so no URL is
/// recognised), control characters and line breaks become spaces, and the length is capped.
public enum LarkMarkdown {
    /// Characters Lark's card markdown gives a meaning to, with `&` first so entities stay literal.
    static let special: Set<Character> = [
        "&", "<", ">", "~", "-", "!", "*", "/", "\\", "[", "]", "(", ")", "#", ":", "+", "\"", "'", "`", "$", "_", "|",
        "{", "}", "@",
    ]

    /// `text` as inert markdown: one line, at most `limit` characters of the original.
    public static func escape(_ text: String, limit: Int = 200) -> String {
        var escaped = ""
        for character in PlainText.line(text, limit: limit) {
            if special.contains(character), let scalar = character.unicodeScalars.first {
                escaped += "&#\(scalar.value);"
            } else {
                escaped.append(character)
            }
        }
        return escaped
    }
}

/// Text for a `plain_text` element or a header: no markup is read there, but one line and a
/// bounded length still keep it from passing for something else.
public enum PlainText {
    /// Control characters and line or paragraph separators become spaces, runs of spaces one,
    /// and text over `limit` characters is cut with an ellipsis.
    static let breaking: Set<Unicode.GeneralCategory> = [.control, .lineSeparator, .paragraphSeparator]

    public static func line(_ text: String, limit: Int = 200) -> String {
        var result = ""
        var lastWasSpace = false
        for character in text {
            let scalars = character.unicodeScalars
            // Line breaks and controls anywhere in the cluster; a cluster of nothing but format
            // characters (bidi overrides, zero-width ones) too. A joiner inside an emoji stays.
            let isBreak =
                scalars.contains { Self.breaking.contains($0.properties.generalCategory) }
                || scalars.allSatisfy { $0.properties.generalCategory == .format }
            let isSpace = isBreak || character.isWhitespace
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
}
