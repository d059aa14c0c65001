import Foundation
import Logging
import Synchronization
import Testing

@testable import Application
@testable import Demo
@testable import HTTP
@testable import Kopi

@Suite("JSON logs")
struct JSONLogHandlerTests {
    @Test("Each log event is one JSON object with level, message and metadata")
    func jsonLine() throws {
        let lines = Mutex<[String]>([])
        var handler = JSONLogHandler(label: "kopi", write: { line in lines.withLock { $0.append(line) } })
        handler.logLevel = .info
        let logger = Logger(label: "kopi") { _ in handler }
        logger.info("event stored", metadata: ["tenant_id": "t1", "event_id": "e1"])
        logger.debug("below the level")
        let captured = lines.withLock { $0 }
        #expect(captured.count == 1)
        let object = try JSONSerialization.jsonObject(with: Data(captured[0].utf8)) as? [String: String]
        #expect(object?["message"] == "event stored")
        #expect(object?["level"] == "info")
        #expect(object?["tenant_id"] == "t1" && object?["event_id"] == "e1")
        #expect(object?["time"] != nil)
    }
}
