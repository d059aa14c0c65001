import Foundation
import Hummingbird
import Synchronization

/// A stand-in for the ECB's euro reference-rate feed on loopback, shaped as the ECB documents
/// it: `GET /stats/eurofxref/eurofxref-hist-90d.xml`, an XML envelope with one
/// `<Cube time="yyyy-MM-dd">` per TARGET working day (never a Saturday or Sunday), newest first,
/// for the 90 days before today, each holding `<Cube currency="XXX" rate="…"/>` in units per
/// euro. Tests set the days' rates, make it fail, and count requests.
public final class FakeRateFeedServer: Sendable {
    public enum Mode: Sendable {
        case normal
        /// Answers this HTTP status with no document.
        case status(Int)
        /// Answers 200 with a body that is not a rate document.
        case garbage
    }

    private struct State {
        var rates: [String: [String: String]] = [:]
        var mode = Mode.normal
        var requests = 0
    }

    private let state = Mutex(State())
    private let server: LoopbackServer

    /// The feed's URL, for `KOPI_EXCHANGE_RATE_FEED_URL`.
    public var url: String { server.baseURL + Self.path }
    public static let path = "/stats/eurofxref/eurofxref-hist-90d.xml"

    private init(server: LoopbackServer) {
        self.server = server
    }

    public static func start() async throws -> FakeRateFeedServer {
        let box = Box()
        let router = Router()
        router.get("/stats/eurofxref/eurofxref-hist-90d.xml") { _, _ -> Response in
            guard let feed = box.feed.withLock({ $0 }) else { return Response(status: .serviceUnavailable) }
            return feed.answer()
        }
        let server = FakeRateFeedServer(server: try await LoopbackServer.start(router, name: "fake-rate-feed"))
        box.feed.withLock { $0 = server }
        return server
    }

    /// Publishes `rates` (currency → units per euro, as decimal text) for `day` (`yyyy-MM-dd`,
    /// a weekday: the ECB publishes nothing on weekends, so a weekend day is a test mistake).
    public func publish(day: String, rates: [String: String]) {
        precondition(Self.isWeekday(day), "the ECB publishes no rates on \(day), a weekend day")
        state.withLock { $0.rates[day] = rates }
    }

    public func setMode(_ mode: Mode) { state.withLock { $0.mode = mode } }

    public var requests: Int { state.withLock { $0.requests } }

    public func stop() async { await server.stop() }

    private func answer() -> Response {
        let (mode, rates) = state.withLock { state -> (Mode, [String: [String: String]]) in
            state.requests += 1
            return (state.mode, state.rates)
        }
        switch mode {
        case .status(let code):
            return Response(status: HTTPResponse.Status(code: code))
        case .garbage:
            return Response(status: .ok, body: .init(byteBuffer: .init(string: "<html>Service notice</html>")))
        case .normal:
            var xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
                \t<gesmes:subject>Reference rates</gesmes:subject>
                \t<gesmes:Sender>
                \t\t<gesmes:name>European Central Bank</gesmes:name>
                \t</gesmes:Sender>
                \t<Cube>

                """
            for (day, values) in rates.sorted(by: { $0.key > $1.key }) {
                xml += "\t\t<Cube time='\(day)'>\n"
                for (currency, rate) in values.sorted(by: { $0.key < $1.key }) {
                    xml += "\t\t\t<Cube currency='\(currency)' rate='\(rate)'/>\n"
                }
                xml += "\t\t</Cube>\n"
            }
            xml += "\t</Cube>\n</gesmes:Envelope>\n"
            var response = Response(status: .ok, body: .init(byteBuffer: .init(string: xml)))
            response.headers[.contentType] = "text/xml"
            return response
        }
    }

    static func isWeekday(_ day: String) -> Bool {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        guard let date = formatter.date(from: day) else { return false }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return !calendar.isDateInWeekend(date)
    }

    /// Lets the route reach the server built after it.
    private final class Box: Sendable {
        let feed = Mutex<FakeRateFeedServer?>(nil)
    }
}
