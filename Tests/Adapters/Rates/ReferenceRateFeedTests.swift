import Adapters
import Domain
import Fakes
import Foundation
import Ports
import Testing

/// The ECB feed adapter against a loopback double of the ECB's documented document.
@Suite("Reference-rate feed (ECB) against a fake feed", .serialized)
struct ReferenceRateFeedTests {
    static let http = CurlHTTPClient(threads: 2)

    @Test("Every published day is read, newest first, in units per euro; nothing else is made up")
    func days() async throws {
        let server = try await FakeRateFeedServer.start()
        server.publish(day: "2026-11-19", rates: ["USD": "1.0512", "SGD": "1.4021", "JPY": "160.12"])
        server.publish(day: "2026-11-20", rates: ["USD": "1.0554", "SGD": "1.4087", "JPY": "161.35", "KRW": "1469.81"])
        let days = try await ECBReferenceRateFeed(http: Self.http, url: server.url).recentDays()
        #expect(days.map(\.day.text) == ["2026-11-20", "2026-11-19"])
        #expect(days.allSatisfy { $0.base == CurrencyCode("EUR")! })
        #expect(days[0].perBase[CurrencyCode("JPY")!] == Decimal(string: "161.35"))
        #expect(days[0].perBase.count == 4 && days[1].perBase.count == 3)
        #expect(server.requests == 1)
        await server.stop()
    }

    @Test("A failing, empty or foreign answer is an error, never an empty table; only https leaves the machine")
    func failures() async throws {
        let server = try await FakeRateFeedServer.start()
        let feed = ECBReferenceRateFeed(http: Self.http, url: server.url)
        server.setMode(.status(503))
        await #expect(throws: ReferenceRateFeedError("http 503")) { try await feed.recentDays() }
        server.setMode(.garbage)
        await #expect(throws: ReferenceRateFeedError("no rates in the document")) { try await feed.recentDays() }
        server.setMode(.normal)
        await #expect(throws: ReferenceRateFeedError("no rates in the document")) { try await feed.recentDays() }
        #expect(!ECBReferenceRateFeed.isAllowed("http://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist-90d.xml"))
        #expect(ECBReferenceRateFeed.isAllowed(ECBReferenceRateFeed.defaultURL))
        await #expect(throws: ReferenceRateFeedError("not https")) {
            try await ECBReferenceRateFeed(http: Self.http, url: "http://example.com/rates.xml").recentDays()
        }
        await server.stop()
    }
}
