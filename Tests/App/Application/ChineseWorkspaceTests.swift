import Domain
import Fakes
import Foundation
import Ports
import Testing

@testable import Application

/// A workspace on Feishu, end to end through the webhook, the worker and the strict fake Lark:
/// its cards, toasts, the comments Kopi posts and the closed card are in Chinese without anyone
/// choosing it; an admin's choice wins either way.
@Suite("A Chinese workspace", .serialized)
struct ChineseWorkspaceTests {
    /// Every string in a card or an answer's JSON, decoded (Lark's JSON may escape non-ASCII).
    static func strings(_ json: String) -> [String] {
        func walk(_ value: Any) -> [String] {
            switch value {
            case let text as String:
                if let data = text.data(using: .utf8), text.hasPrefix("{"),
                    let nested = try? JSONSerialization.jsonObject(with: data)
                {
                    return walk(nested)
                }
                return [text]
            case let array as [Any]: return array.flatMap(walk)
            case let object as [String: Any]: return object.values.flatMap(walk)
            default: return []
            }
        }
        return (try? JSONSerialization.jsonObject(with: Data(json.utf8))).map(walk) ?? []
    }

    static func hasChinese(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
    }

    @Test(
        "A Feishu workspace gets a Chinese card, Chinese toasts and a Chinese closing line; the reason stays as typed",
        arguments: [false, true])
    func feishuCard(onPostgres: Bool) async throws {
        let world = try await PipelineWorld.make(onPostgres: onPostgres, domain: .feishu)
        try await world.push(world.instanceEvent())
        await world.drain()
        let sent = try await world.currentCard()
        #expect(FakeCardRules.problem(sent) == nil)
        let texts = Self.strings(sent)
        let all = texts.joined(separator: "\n")
        #expect(texts.contains("Travel: SGD 120.50"), "the header's amount, the code first")
        #expect(["同意", "要求补充信息", "驳回", "理由（驳回或要求补充信息时必填）"].allSatisfy(texts.contains))
        #expect(all.contains("项发现") && all.contains("**发票**"))
        #expect(!all.contains("Approve") && !all.contains("Reject") && !all.contains("finding(s)"))
        let findingLines = texts.filter { $0.hasPrefix("**金额**") || $0.hasPrefix("**发票**\n") || $0.hasPrefix("**日期**") }
        #expect(findingLines.allSatisfy(Self.hasChinese))

        let refused = try await world.tap("reject", reason: "")
        #expect(Self.strings(refused.body).contains("请先在输入框中填写理由，再点击“驳回”。"))
        let reason = "发票抬头不对，请重新开具。"
        let pending = try await world.tap("reject", reason: reason)
        #expect(Self.strings(pending.body).contains("正在驳回……"))
        await world.drain()
        #expect(await world.lark.state.decisions.map(\.comment) == [reason])
        let closed = Self.strings(try await world.currentCard()).joined(separator: "\n")
        #expect(closed.contains("❌ **你已驳回。**") && closed.contains("**你的理由：** " + reason))
        await world.stop()
    }

    @Test("Ask for info in Chinese mentions the applicant by Kopi's Chinese label and notifies them")
    func question() async throws {
        let world = try await PipelineWorld.make(domain: .feishu)
        try await world.push(world.instanceEvent())
        await world.drain()
        _ = try await world.tap("ask_for_info", reason: "这顿饭是和哪位客户？")
        await world.drain()
        let comments = await world.lark.state.comments
        #expect(comments.map(\.text) == ["@申请人 这顿饭是和哪位客户？"])
        #expect(comments.first?.notified == [world.applicant])
        let card = Self.strings(try await world.currentCard()).joined(separator: "\n")
        #expect(card.contains("💬 **你已要求补充信息。**") && card.contains("**你的问题：** 这顿饭是和哪位客户？"))
        await world.stop()
    }

    @Test(
        "The admin's choice wins: a Feishu workspace set to English writes English, a Lark one set to Chinese Chinese")
    func chosen() async throws {
        for (domain, language) in [(LarkDomain.feishu, Language.english), (.lark, .chinese)] {
            let world = try await PipelineWorld.make(domain: domain)
            try await world.harness.storage.withTenant(world.tenantID) { scope in
                try await scope.tenant.savePolicy(PolicySettings(language: language))
            }
            try await world.push(world.instanceEvent())
            await world.drain()
            let texts = Self.strings(try await world.currentCard())
            #expect(texts.contains(language == .english ? "Approve" : "同意"), "\(domain) set to \(language)")
            #expect(texts.contains(language == .english ? "Travel: 120.50 SGD" : "Travel: SGD 120.50"))
            await world.stop()
        }
    }
}
