import Foundation
import Logging

/// One JSON object per line: time, level, label, message and metadata, for log collectors.
struct JSONLogHandler: LineLogHandler {
    let label: String
    let write: @Sendable (String) -> Void
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    func log(event: LogEvent) {
        var fields: [String: String] = [:]
        let values = merged(event)
        for (key, value) in values { fields[key] = "\(value)" }
        fields["time"] = Date().ISO8601Format()
        fields["level"] = event.level.rawValue
        fields["label"] = label
        fields["message"] = "\(event.message)"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(fields) else { return }
        write(String(decoding: data, as: UTF8.self))
    }
}
