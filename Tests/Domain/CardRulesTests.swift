import Domain
import Foundation
import Testing

@Suite("Card rules: inert text, event routing, the card and tap lifecycle")
struct CardRulesTests {
    @Test("Markdown escaping turns every markup character into Lark's entity and folds lines")
    func markdownEscape() {
        #expect(
            LarkMarkdown.escape("[click](https://evil.example)")
                == "&#91;click&#93;&#40;https&#58;&#47;&#47;evil.example&#41;")
        #expect(LarkMarkdown.escape("<at id=all></at>") == "&#60;at id=all&#62;&#60;&#47;at&#62;")
        #expect(
            LarkMarkdown.escape("**bold** # _x_ ~~y~~ `z` $w |t|")
                == "&#42;&#42;bold&#42;&#42; &#35; &#95;x&#95; &#126;&#126;y&#126;&#126; &#96;z&#96; &#36;w &#124;t&#124;"
        )
        #expect(LarkMarkdown.escape("a &#60; b") == "a &#38;&#35;60; b", "an entity the employee typed stays literal")
        #expect(LarkMarkdown.escape("one\ntwo\r\nthree\u{2028}four\tfive") == "one two three four five")
        #expect(LarkMarkdown.escape("Grab 🚕 北京出租车") == "Grab 🚕 北京出租车")
        #expect(
            LarkMarkdown.escape(String(repeating: "a", count: 500), limit: 10) == String(repeating: "a", count: 9) + "…"
        )
    }

    @Test("ASCII text is escaped byte by byte exactly as character by character")
    func markdownEscapeASCII() {
        let printable = String(decoding: (0x20...0x7E).map(UInt8.init), as: UTF8.self)
        for text in [printable, "Dinner @ Lau Pa Sat: 2 pax #team (SGD 45.50) -> ok!", "&#60;", "a_b*c~d|e{f}g"] {
            // A trailing non-ASCII character sends the text down the character-by-character path.
            let slow = LarkMarkdown.escape(text + "é", limit: 1000)
            #expect(LarkMarkdown.escape(text, limit: 1000) + "é" == slow, "\(text)")
        }
        #expect(LarkMarkdown.escape("~!") == "&#126;&#33;")
    }

    @Test("Plain text for headers: one line, bidi overrides and zero-width characters removed, emoji kept, capped")
    func plainText() {
        #expect(PlainText.line("  Grab\u{202E}gnp.exe \n\n Pte  ") == "Grab gnp.exe Pte")
        #expect(PlainText.line("family 👨‍👩‍👧 ok") == "family 👨‍👩‍👧 ok")
        #expect(PlainText.line(String(repeating: "b", count: 100), limit: 5) == "bbbb…")
    }

    @Test("ASCII text takes a byte-wise path that folds and escapes exactly as the general one")
    func asciiPathAgreesWithGeneralPath() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array(" \t\r\n\u{7F}\u{1}ab&<>[]():/#*_`$|{}@'\"~-!+\\")
        for _ in 0..<2000 {
            let length = Int.random(in: 0..<40, using: &generator)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            // A trailing non-ASCII character sends the same text down the general path.
            var general = PlainText.line(text + "é", limit: 10_000)
            general.removeLast()
            while general.last == " " { general.removeLast() }
            #expect(PlainText.line(text, limit: 10_000) == general, "\(text.debugDescription)")
            var escaped = LarkMarkdown.escape(text + "é", limit: 10_000)
            escaped.removeLast()
            while escaped.last == " " { escaped.removeLast() }
            #expect(LarkMarkdown.escape(text, limit: 10_000) == escaped, "\(text.debugDescription)")
        }
        #expect(PlainText.line("abcdef", limit: 3) == "ab…")
        #expect(PlainText.line("abcdéf", limit: 3) == "ab…")
    }

    static func event(_ type: String, status: String?, instance: String? = "81D31358-93AF-92D6-7425-01A5D67C4E71")
        -> LarkEvent
    {
        LarkEvent(
            id: "e", type: type, token: "t", createdAt: nil, approvalCode: "A", instanceCode: instance, status: status,
            operateTime: nil, operatorOpenID: nil)
    }

    @Test("Events route to jobs: pending processes, any other instance or task status synchronises, the rest nothing")
    func routing() {
        let (tenant, id, now) = (TenantID(UUID()), JobID(UUID()), Date(timeIntervalSince1970: 1_800_000_000))
        func kind(_ event: LarkEvent) -> Job.Kind? {
            EventRoute.job(for: event, tenant: tenant, id: id, now: now)?.kind
        }
        #expect(kind(Self.event("approval_instance", status: "PENDING")) == .processInstance)
        #expect(kind(Self.event("approval_task", status: "PENDING")) == .processInstance)
        for status in ["APPROVED", "REJECTED", "CANCELED", "DELETED", "REVERTED"] {
            #expect(kind(Self.event("approval_instance", status: status)) == .instanceStatusChanged)
        }
        for status in ["APPROVED", "REJECTED", "TRANSFERRED", "ROLLBACK", "DONE"] {
            #expect(kind(Self.event("approval_task", status: status)) == .instanceStatusChanged)
        }
        #expect(kind(Self.event("approval_cc", status: "PENDING")) == nil)
        #expect(kind(Self.event("approval_instance", status: nil)) == nil)
        #expect(kind(Self.event("approval_instance", status: "PENDING", instance: nil)) == nil)
        #expect(
            EventRoute.job(for: Self.event("approval_task", status: "PENDING"), tenant: tenant, id: id, now: now)?
                .subject == "81D31358-93AF-92D6-7425-01A5D67C4E71")
    }

    @Test(
        "A card is patchable for 14 days; a tap's token for its 30 minutes (less a safety minute), and only while it has one"
    )
    func windows() {
        let sent = Date(timeIntervalSince1970: 1_800_000_000)
        let card = CardMessage(
            tenantID: TenantID(UUID()), submissionID: SubmissionID(UUID()), approver: "a", messageID: "m", taskID: "t",
            sentAt: sent)
        #expect(
            card.isPatchable(at: sent.addingTimeInterval(13 * 86400))
                && !card.isPatchable(at: sent.addingTimeInterval(14 * 86400)))
        let tap = CardTap(
            id: TapID(UUID()), tenantID: card.tenantID, submissionID: card.submissionID, approver: "a",
            choice: .approve, messageID: "m",
            updateToken: Secret("c-1"), receivedAt: sent)
        #expect(
            tap.canUseToken(at: sent.addingTimeInterval(28 * 60))
                && !tap.canUseToken(at: sent.addingTimeInterval(29 * 60 + 1)))
        var spent = tap
        spent.updateToken = nil
        #expect(!spent.canUseToken(at: sent))
    }
}
