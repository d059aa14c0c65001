import Foundation
import Logging

/// One line per event for people reading a console: `time level label: key=value … [source] message`.
///
/// Values can come from tenants (event ids, instance codes from a signed push of any tenant's own
/// app), so nothing in a line is written raw: control characters and line separators are escaped
/// (`\n`, `\u{2028}`, …), and a value with a space, `=`, `"` or `\` is quoted, so no value can
/// start a forged line or pass for another field on the same one.
struct TextLogHandler: LineLogHandler {
    let label: String
    let write: @Sendable (String) -> Void
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    func log(event: LogEvent) {
        let values = merged(event)
        var line = "\(Date().ISO8601Format()) \(event.level.rawValue) \(Self.escape(label)):"
        for key in values.keys.sorted() {
            line += " \(Self.escape(key))=\(Self.field("\(values[key]!)"))"
        }
        line += " [\(Self.escape(event.source))] \(Self.escape("\(event.message)"))"
        write(line)
    }

    /// A metadata value: as it is when plain, else quoted with `"` and `\` escaped too, so it
    /// cannot be read as more than one field.
    static func field(_ value: String) -> String {
        let plain =
            !value.isEmpty
            && !value.unicodeScalars.contains {
                needsEscape($0) || $0 == " " || $0 == "=" || $0 == "\"" || $0 == "\\"
            }
        return plain ? value : "\"" + escape(value, quoting: true) + "\""
    }

    /// `text` with every control character, line or paragraph separator and bidi control
    /// written as an escape, so it stays on one line and reads as it is.
    static func escape(_ text: String, quoting: Bool = false) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case "\"" where quoting: escaped += "\\\""
            case "\\" where quoting: escaped += "\\\\"
            case _ where needsEscape(scalar):
                escaped += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator, .format: true
        default: false
        }
    }
}
