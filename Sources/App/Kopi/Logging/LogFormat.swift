import Foundation
import Logging

enum LogFormat: String, Sendable {
    case text
    case json

    /// Installs the process-wide log handler once, before anything logs.
    func bootstrap(level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler
            switch self {
            case .text: handler = TextLogHandler(label: label, write: StandardError.write)
            case .json: handler = JSONLogHandler(label: label, write: StandardError.write)
            }
            handler.logLevel = level
            return handler
        }
    }
}
