public import Domain
import Foundation
public import Ports

/// The European Central Bank's euro foreign exchange reference rates, published on TARGET
/// working days around 16:00 CET: `eurofxref-hist-90d.xml`, the last 90 days, each a
/// `<Cube time="yyyy-MM-dd">` of `<Cube currency="USD" rate="1.0554"/>` (units per euro).
/// Fetched over https (plain http only to a loopback test double), at most 2 MB, within 20 s.
public struct ECBReferenceRateFeed: ReferenceRateFeed {
    public static let defaultURL = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist-90d.xml"
    static let maxBytes = 2 * 1024 * 1024

    let http: any HTTPClient
    let url: String

    public init(http: any HTTPClient, url: String = Self.defaultURL) {
        self.http = http
        self.url = url
    }

    /// Whether `url` may be fetched: https, or http to a loopback address.
    public static func isAllowed(_ url: String) -> Bool {
        guard let parsed = URL(string: url), let host = parsed.host else { return false }
        return parsed.scheme == "https"
            || (parsed.scheme == "http" && ["127.0.0.1", "localhost", "::1"].contains(host))
    }

    public func recentDays() async throws -> [ReferenceRates] {
        guard Self.isAllowed(url) else { throw ReferenceRateFeedError("not https") }
        let response: HTTPClientResponse
        do {
            response = try await http.send(
                HTTPClientRequest(
                    method: "GET", url: url, headers: [("Accept", "application/xml")], timeout: .seconds(20),
                    maxResponseBytes: Self.maxBytes))
        } catch {
            throw ReferenceRateFeedError("transport")
        }
        guard response.status == 200 else { throw ReferenceRateFeedError("http \(response.status)") }
        let days = Self.parse(String(decoding: response.body, as: UTF8.self))
        guard !days.isEmpty else { throw ReferenceRateFeedError("no rates in the document") }
        return days
    }

    /// The days of an ECB reference-rate document, newest first; entries that do not parse are
    /// skipped.
    static func parse(_ xml: String) -> [ReferenceRates] {
        let euro = CurrencyCode("EUR")!
        var days: [ReferenceRates] = []
        var day: RateDay?
        var rates: [CurrencyCode: Decimal] = [:]
        func close() {
            if let day, !rates.isEmpty { days.append(ReferenceRates(day: day, base: euro, perBase: rates)) }
            rates = [:]
        }
        for element in xml.components(separatedBy: "<Cube").dropFirst() {
            let tag = element.prefix { $0 != ">" }
            if let time = attribute("time", in: tag) {
                close()
                day = RateDay(time)
            } else if let code = attribute("currency", in: tag).flatMap(CurrencyCode.init),
                let rate = attribute("rate", in: tag).flatMap(ExchangeRate.decimal), rate > 0
            {
                rates[code] = rate
            }
        }
        close()
        return days.sorted { $0.day > $1.day }
    }

    /// The value of `name="…"` (or single-quoted) in a tag's text.
    private static func attribute(_ name: String, in tag: Substring) -> String? {
        for quote in ["\"", "'"] {
            guard let start = tag.range(of: " \(name)=\(quote)") else { continue }
            let rest = tag[start.upperBound...]
            guard let end = rest.firstIndex(of: Character(quote)) else { return nil }
            return String(rest[..<end])
        }
        return nil
    }
}
