import Domain
import Foundation
import Testing

@Suite("Money and currencies")
struct MoneyTests {
    let sgd = CurrencyCode("sgd")!
    let jpy = CurrencyCode("JPY")!
    let kwd = CurrencyCode("KWD")!

    @Test("Currency codes are three letters, upper-cased, with ISO 4217 minor units")
    func currencies() {
        #expect(sgd.code == "SGD")
        #expect(CurrencyCode("US") == nil)
        #expect(CurrencyCode("U$D") == nil)
        #expect(CurrencyCode("EURO") == nil)
        #expect(sgd.minorUnitDigits == 2 && jpy.minorUnitDigits == 0 && kwd.minorUnitDigits == 3)
    }

    @Test(
        "Decimal text parses into exact minor units",
        arguments: [
            ("1234.5", "SGD", 123_450), ("0.07", "SGD", 7), ("-12", "SGD", -1200), ("+3.", "SGD", 300),
            (".5", "SGD", 50),
            ("1500", "JPY", 1500), ("1.234", "KWD", 1234),
        ])
    func parses(text: String, currency: String, minor: Int64) {
        #expect(Money(decimal: text, currency: CurrencyCode(currency)!)?.minorUnits == minor)
    }

    @Test(
        "Malformed or over-precise amounts are rejected",
        arguments: ["", ".", "1.234", "1e3", "1,000", "12a", "--1", "99999999999999999999"])
    func rejects(text: String) {
        #expect(Money(decimal: text, currency: sgd) == nil)
    }

    @Test("Formatting shows exactly the currency's digits")
    func formats() {
        #expect(Money(minorUnits: 123_450, currency: sgd).decimalText == "1234.50")
        #expect(Money(minorUnits: -5, currency: sgd).decimalText == "-0.05")
        #expect(Money(minorUnits: 1500, currency: jpy).description == "1500 JPY")
        #expect(Money(minorUnits: 1, currency: kwd).decimalText == "0.001")
    }

    @Test("Adding needs one currency and reports overflow")
    func adding() {
        let a = Money(minorUnits: 100, currency: sgd)
        #expect(a.adding(a)?.minorUnits == 200)
        #expect(a.adding(Money(minorUnits: 1, currency: jpy)) == nil)
        #expect(Money(minorUnits: .max, currency: sgd).adding(a) == nil)
    }

    @Test("Money encodes as JSON with its currency code")
    func codable() throws {
        let money = Money(minorUnits: 4200, currency: sgd)
        let data = try JSONEncoder().encode(money)
        #expect(String(decoding: data, as: UTF8.self).contains("\"SGD\""))
        #expect(try JSONDecoder().decode(Money.self, from: data) == money)
        #expect(throws: (any Error).self) {
            try JSONDecoder().decode(Money.self, from: Data(#"{"minorUnits":1,"currency":"X"}"#.utf8))
        }
    }
}
