import Domain
import Foundation
import Testing

@testable import Application
@testable import HTTP

/// The catalogues: every phrase in both languages with the same placeholders, every phrase a
/// template names exists, and the locale formats.
@Suite("Catalogues")
struct CatalogueTests {
    @Test("Every phrase is in both catalogues, non-empty, with the same {placeholders}")
    func parity() {
        for phrase in Phrase.allCases {
            let english = Catalogue.english[phrase]
            let chinese = Catalogue.chinese[phrase]
            #expect(english?.isEmpty == false, "English lacks \(phrase.rawValue)")
            #expect(chinese?.isEmpty == false, "Chinese lacks \(phrase.rawValue)")
            #expect(
                Localizer.placeholders(english ?? "") == Localizer.placeholders(chinese ?? ""),
                "\(phrase.rawValue) has different placeholders")
        }
        #expect(Catalogue.english.count == Phrase.allCases.count && Catalogue.chinese.count == Phrase.allCases.count)
        #expect(Set(Phrase.allCases.map(\.rawValue)).count == Phrase.allCases.count, "two phrases share a key")
    }

    @Test("Chinese phrases are written in Chinese, not left in English")
    func chineseIsChinese() {
        // Phrases that are names or symbols in both languages.
        let same: Set<Phrase> = [
            .cardAmountConverted, .languageEnglish, .languageChinese, .languageSwitch, .platformLark, .summaryCap,
        ]
        for phrase in Phrase.allCases where !same.contains(phrase) {
            let text = Catalogue.chinese[phrase] ?? ""
            #expect(
                text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(phrase.rawValue): \(text)")
        }
    }

    @Test("Every {{t.key}} a template names is a phrase")
    func templateKeys() throws {
        let templates = [
            PageTemplates.layout, PageTemplates.signIn, PageTemplates.confirm, PageTemplates.approvals,
            PageTemplates.approval, PageTemplates.rules, PageTemplates.report, PageTemplates.settings,
            PageTemplates.flow, PageTemplates.message, PageTemplates.demo, PageTemplates.inbox,
        ]
        let pattern = try Regex(#"\{\{[#^/]?t\.([A-Za-z0-9_]+)\}\}"#)
        var named = 0
        for template in templates {
            for match in template.matches(of: pattern) {
                let key = String(template[match.range]).split(separator: ".").last!.dropLast(2)
                #expect(Phrase(rawValue: String(key)) != nil, "no phrase \(key)")
                named += 1
            }
        }
        #expect(named > 150)
    }

    @Test("Placeholders are filled once: a value holding braces stays as typed, an unknown name stays visible")
    func filling() {
        #expect(Localizer.fill("{a} and {b}", ["a": "{b}", "b": "x"]) == "{b} and x")
        #expect(Localizer.fill("{missing} {", [:]) == "{missing} {")
        #expect(Localizer.placeholders("Line {line}: {finding}") == ["line", "finding"])
        let zh = Localizer(.chinese)
        #expect(zh(.findingLine, ["line": "2", "finding": "费用日期在周末。"]) == "第 2 行：费用日期在周末。")
    }

    @Test("Numbers, money and days as each language writes them, in the workspace's time zone")
    func formats() throws {
        let singapore = try #require(TimeZone(identifier: "Asia/Singapore"))
        let en = Localizer(.english, timeZone: singapore)
        let zh = Localizer(.chinese, timeZone: singapore)
        let sgd = try #require(CurrencyCode("SGD"))
        let jpy = try #require(CurrencyCode("JPY"))
        let money = try #require(Money(decimal: "1234567.5", currency: sgd))
        #expect(en.money(money) == "1,234,567.50 SGD")
        #expect(zh.money(money) == "SGD 1,234,567.50")
        let yen = try #require(Money(decimal: "-6000", currency: jpy))
        #expect(en.money(yen) == "-6,000 JPY")
        #expect(en.number(999) == "999" && en.number(1000) == "1,000" && en.number(-12345) == "-12,345")
        // 2026-11-30 16:30 UTC is 1 December, 00:30 in Singapore.
        let instant = Date(timeIntervalSince1970: 1_796_056_200)
        #expect(en.day(instant) == "1 Dec 2026" && zh.day(instant) == "2026年12月1日")
        #expect(en.dateTime(instant) == "1 Dec 2026, 00:30" && zh.dateTime(instant) == "2026年12月1日 00:30")
        #expect(zh.day(iso: "2026-11-20") == "2026年11月20日" && en.day(iso: "2026-11-20") == "20 Nov 2026")
        #expect(en.day(iso: "2026-13-20") == "2026-13-20" && en.day(iso: "soon") == "soon")
    }

    @Test(
        "Every problem the policy, a Lark connection and a rule can raise is a phrase, worded exactly as the English catalogue words it"
    )
    func problems() throws {
        for (english, phrase) in Catalogue.problems {
            #expect(Catalogue.english[phrase] == english, "\(phrase.rawValue) drifted from the sentence it translates")
        }
        let sgd = try #require(CurrencyCode("SGD"))
        let policy = PolicySettings(
            categoryCaps: ["meals": Money(minorUnits: 0, currency: sgd)], submissionWindowDays: 0,
            totalToleranceBasisPoints: -1, anomalyYellowMultiple: 1, anomalyRedMultiple: 0.5,
            autoApproveAfterApprovals: 0, timeZoneIdentifier: "Mars/Olympus", retentionDays: 5,
            reminderAfterWorkingDays: 99, dailyCaps: ["meals": Money(minorUnits: 0, currency: sgd)],
            invoiceRequiredAbove: Money(minorUnits: -1, currency: sgd))
        let connection = LarkConnection.problems(
            appID: " ", appSecret: Secret(""), encryptKey: Secret(""), verificationToken: Secret(""))
        let rules: [PolicyRule] = [
            .categoryCap(category: "", cap: Money(minorUnits: 0, currency: sgd)), .prohibitedVendor(""),
            .invoiceRequiredAbove(Money(minorUnits: -5, currency: sgd)), .submissionWindow(days: 0),
        ]
        let raised = policy.problems + connection + rules.flatMap(\.problems)
        #expect(raised.count >= 20)
        for problem in raised {
            #expect(Catalogue.problems[problem] != nil, "no phrase for \(problem)")
            #expect(Catalogue.problem(problem, Localizer(.chinese)) != problem)
        }
        #expect(Catalogue.problem("Something new.", Localizer(.chinese)) == "Something new.")
    }
}
