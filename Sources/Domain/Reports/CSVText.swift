import Foundation

/// RFC 4180 text for spreadsheets: fields quoted when they hold a comma, quote or line break,
/// rows ended by CRLF, and a cell a spreadsheet would run as a formula neutralised.
public enum CSVText {
    /// Characters that make a spreadsheet read a cell as a formula (or, for tab and carriage
    /// return, that Excel strips before such a character); a cell starting with one is prefixed
    /// with `'`, which spreadsheets show as text.
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// A text cell: neutralised, then quoted where needed.
    public static func cell(_ text: String) -> String {
        var value = text
        if let first = value.first, formulaStarts.contains(first) { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A number Kopi formatted itself (`-12.50`): written as a number, so a refund stays a
    /// negative amount. Anything else is treated as text.
    public static func number(_ text: String) -> String {
        let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        let numeric =
            (1...2).contains(parts.count)
            && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
        return numeric ? text : cell(text)
    }

    /// One row, CRLF-ended.
    public static func row(_ cells: [String]) -> String { cells.joined(separator: ",") + "\r\n" }
}
