import Foundation
import Testing

@testable import Domain

@Suite("Languages")
struct LanguageTests {
    @Test("Any Chinese tag is Chinese and any English tag English; other languages are none of Kopi's")
    func tags() {
        for tag in ["zh", "zh-CN", "zh-Hans", "zh_SG", "ZH-hans-cn", " zh-TW"] {
            #expect(Language(tag: tag) == .chinese)
        }
        for tag in ["en", "en-GB", "EN_us"] { #expect(Language(tag: tag) == .english) }
        for tag in ["fr", "", "-", "zhx", "english"] { #expect(Language(tag: tag) == nil) }
    }

    @Test(
        "Accept-Language: the highest weight among Kopi's languages wins, earlier on a tie; q=0 refuses; nothing known is nil"
    )
    func acceptLanguage() {
        #expect(Language.preferred(acceptLanguage: "zh-CN,zh;q=0.9,en;q=0.8") == .chinese)
        #expect(Language.preferred(acceptLanguage: "fr-FR, en;q=0.5, zh;q=0.4") == .english)
        #expect(Language.preferred(acceptLanguage: "en;q=0.3, zh-TW;q=0.7") == .chinese)
        #expect(Language.preferred(acceptLanguage: "en, zh") == .english, "a tie goes to the first")
        #expect(Language.preferred(acceptLanguage: "zh;q=0, en;q=0.1") == .english)
        #expect(Language.preferred(acceptLanguage: "zh;q=0") == nil)
        #expect(Language.preferred(acceptLanguage: "de-DE, fr;q=0.8") == nil)
        #expect(Language.preferred(acceptLanguage: "*") == nil)
        #expect(Language.preferred(acceptLanguage: nil) == nil)
        #expect(Language.preferred(acceptLanguage: String(repeating: "zh,", count: 400)) == nil, "an oversized header")
    }

    @Test("A workspace writes in its platform's language until an admin chooses; a policy saved before keeps working")
    func workspaceLanguage() throws {
        #expect(Language.workspaceDefault(for: .feishu) == .chinese)
        #expect(Language.workspaceDefault(for: .lark) == .english)
        #expect(Language.workspaceDefault(for: .demo) == .english)
        #expect(PolicySettings().language(on: .feishu) == .chinese)
        #expect(PolicySettings(language: .english).language(on: .feishu) == .english)
        #expect(PolicySettings(language: .chinese).language(on: .lark) == .chinese)
        let older = try JSONDecoder().decode(PolicySettings.self, from: Data(#"{"submissionWindowDays": 30}"#.utf8))
        #expect(older.language == nil && older.submissionWindowDays == 30)
        let stored = try JSONEncoder().encode(PolicySettings(language: .chinese))
        #expect(try JSONDecoder().decode(PolicySettings.self, from: stored).language == .chinese)
        #expect(String(decoding: stored, as: UTF8.self).contains(#""language":"zh-CN""#))
    }
}
