import Domain
import Fakes
import Foundation
import Logging
import Synchronization
import Testing

@testable import Application
@testable import Demo
@testable import HTTP
@testable import Kopi

@Suite("Text logs")
struct TextLogHandlerTests {
    static func capture() -> (Logger, @Sendable () -> [String]) {
        let lines = Mutex<[String]>([])
        let handler = TextLogHandler(label: "kopi", write: { line in lines.withLock { $0.append(line) } })
        return (Logger(label: "kopi") { _ in handler }, { lines.withLock { $0 } })
    }

    static let forged = "e1\n2026-12-01T00:00:00Z info kopi: tenant_id=other-tenant [Kopi] lark event stored"

    @Test("A value with a line break, a separator or a bidi control stays on its line, escaped and quoted")
    func controlCharacters() {
        let (logger, lines) = Self.capture()
        logger.info(
            "lark event stored",
            metadata: [
                "event_id": "\(Self.forged)", "instance": "a\u{2028}b\u{202E}c\r\u{0}", "plain": "81D31358-93AF",
                "spaced": "x tenant_id=evil", "quoted": #"say "hi" \ bye"#, "empty": "",
            ])
        let captured = lines()
        #expect(captured.count == 1)
        let line = captured[0]
        #expect(
            !line.contains("\n") && !line.contains("\r") && !line.contains("\u{2028}") && !line.contains("\u{202E}"))
        #expect(
            line.contains(
                #"event_id="e1\n2026-12-01T00:00:00Z info kopi: tenant_id=other-tenant [Kopi] lark event stored""#))
        #expect(line.contains(#"instance="a\u{2028}b\u{202E}c\r\u{0}""#))
        #expect(line.contains(" plain=81D31358-93AF "))
        #expect(line.contains(#"spaced="x tenant_id=evil""#))
        #expect(line.contains(#"quoted="say \"hi\" \\ bye""#))
        #expect(line.contains(#"empty="""#))
        #expect(line.hasSuffix("lark event stored"))
    }

    @Test("A signed push whose event id carries a forged log line produces one escaped line, not two")
    func forgedEventID() async throws {
        let (logger, lines) = Self.capture()
        let harness = try await WebhookHarness.make()
        try await harness.serve(logger: logger) { base async throws in
            let delivery = FakeLarkPusher.delivery(
                FakeLarkPayloads.approvalInstance(
                    app: harness.app, eventID: Self.forged, approvalCode: harness.flow.approvalCode,
                    instanceCode: LarkIDs.instanceCode(), status: "PENDING"),
                app: harness.app)
            _ = try await harness.send(delivery, to: harness.url(base))
        }
        let captured = lines()
        #expect(!captured.isEmpty)
        for line in captured {
            #expect(!line.contains("\n"))
            #expect(!line.hasPrefix("2026-12-01T00:00:00Z"))
        }
        #expect(captured.contains { $0.contains(#"\n2026-12-01T00:00:00Z info kopi: tenant_id=other-tenant"#) })
    }
}
