import Domain
import Fakes
import Foundation
import Ports
import Testing

@testable import Application
@testable import HTTP

/// An accepted rule of the written policy, end to end: a claim over its cap gets a finding that
/// quotes the policy's sentence on the Lark card and on the audit page, in the workspace's
/// language; the AI proposed the rule, the check decided the verdict.
@Suite("Mirror: findings cite the written policy", .serialized)
struct MirrorCitationTests {
    static func admin(_ world: PipelineWorld) -> Caller {
        Caller(
            user: User(id: UserID(UUID()), email: EmailAddress("admin@acme.example")!, createdAt: Date()),
            tenantID: world.tenantID, role: .admin, memberships: [], sessionToken: "test-session")
    }

    static func acceptAll(_ world: PipelineWorld, policy text: String) async throws -> [RuleProposal] {
        let mirror = PolicyMirrorService(services: world.services)
        let imported = try await mirror.importPolicy(name: "Policy", source: .text(text), caller: admin(world))
        for proposal in imported.proposals where proposal.status == .proposed {
            _ = try await mirror.accept(proposal.id, caller: admin(world))
        }
        return imported.proposals
    }

    static func auditPage(_ world: PipelineWorld, _ language: Language) async throws -> String {
        let id = try #require(try await world.submission()).id
        let detail = try await ApprovalQueries(services: world.services).detail(id, caller: admin(world))
        return PageLanguage.$current.withValue(language) {
            PageRenderer.html("approval", PageModel(ApprovalPages.DetailPage(detail, timeZone: .gmt)))
        }
    }

    @Test(
        "English: the cap accepted from the policy turns the claim red, and the card and audit page quote the sentence",
        arguments: [false, true])
    func english(onPostgres: Bool) async throws {
        let world = try await PipelineWorld.make(onPostgres: onPostgres)
        let sentence = "Taxis and other transport are reimbursed up to SGD 100.00 per trip."
        await world.ai.state.setPolicyRules([
            FakePolicyRule(
                kind: "category_cap", category: "transport", amount: "100.00", currency: "SGD", quote: sentence),
            FakePolicyRule(kind: "submission_window", days: 7, quote: "Submit claims within a week, or else."),
        ])
        let proposals = try await Self.acceptAll(
            world, policy: "Acme policy.\nTaxis and other transport are reimbursed up to SGD 100.00 per trip.\n")
        #expect(proposals.map(\.status) == [.proposed, .refused(.quoteNotInDocument)])
        try await world.push(world.instanceEvent())
        await world.drain()
        let id = try #require(try await world.submission()).id
        let latest = try await world.harness.storage.withTenant(world.tenantID) { scope in
            try await scope.approvals.latestCheck(for: id)
        }
        let check = try #require(latest)
        let cap = try #require(check.findings.first { $0.code == .policyCapExceeded })
        #expect(cap.severity == .red && cap.evidence.policyQuote == sentence && check.verdict == .red)
        let card = ChineseWorkspaceTests.strings(try await world.currentCard()).joined(separator: "\n")
        #expect(card.contains("Policy: “\(sentence)”"))
        #expect(FakeCardRules.problem(try await world.currentCard()) == nil)
        let page = try await Self.auditPage(world, .english)
        #expect(page.contains(#"<blockquote class="policy-quote">Policy: “\#(sentence)”</blockquote>"#))
        #expect(page.contains("<dt>policy_quote</dt>"))
        await world.stop()
    }

    @Test("Chinese: a Feishu workspace's policy in Chinese is quoted in Chinese on the card and the audit page")
    func chinese() async throws {
        let world = try await PipelineWorld.make(domain: .feishu)
        let sentence = "交通费每次报销上限为 100 新元。"
        await world.ai.state.setPolicyRules([
            FakePolicyRule(
                kind: "category_cap", category: "transport", amount: "100", currency: "SGD", quote: sentence),
            FakePolicyRule(kind: "prohibited_vendor", vendor: "赌场", quote: "赌场消费一律不予报销。"),
        ])
        let proposals = try await Self.acceptAll(world, policy: "差旅报销制度\n交通费每次报销上限为 100 新元。\n餐费按实际发生报销。")
        #expect(proposals.map(\.status) == [.proposed, .refused(.quoteNotInDocument)])
        try await world.push(world.instanceEvent())
        await world.drain()
        let card = ChineseWorkspaceTests.strings(try await world.currentCard()).joined(separator: "\n")
        #expect(card.contains("超过了 transport 的上限 SGD 100.00") && card.contains("制度原文：“\(sentence)”"))
        let page = try await Self.auditPage(world, .chinese)
        #expect(page.contains("制度原文：“\(sentence)”") && page.contains("<h2>检查发现</h2>"))
        await world.stop()
    }
}
