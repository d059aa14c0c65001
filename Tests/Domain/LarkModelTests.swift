import Domain
import Foundation
import Testing

@Suite("Lark envelopes, times and forms")
struct LarkModelTests {
    func data(_ text: String) -> Data { Data(text.utf8) }

    @Test("v1 approval events, v2 callbacks and challenges are told apart")
    func envelopes() throws {
        let v1 = try LarkPush.parse(
            data(
                #"{"uuid":"a76bfcd854e35ec88bc6ef98fa4d23c0","token":"t","ts":"1716174328.962266","type":"event_callback","event":{"type":"approval_instance","approval_code":"4EB6BDFC-5E35-4025-86AD-BEE010364C3F","instance_code":"542248C3-11AA-4BE1-BBEB-51AFC87FF9FD","status":"REVERTED","operate_time":1716174311566}}"#
            ))
        guard case .event(let event) = v1 else {
            Issue.record("v1 not parsed")
            return
        }
        #expect(
            event.id == "a76bfcd854e35ec88bc6ef98fa4d23c0" && event.type == "approval_instance"
                && event.status == "REVERTED" && event.token == "t")
        #expect(event.operateTime == Date(timeIntervalSince1970: 1_716_174_311.566))
        #expect(event.createdAt == Date(timeIntervalSince1970: 1_716_174_328.962266))

        let v2 = try LarkPush.parse(
            data(
                #"{"schema":"2.0","header":{"event_id":"f7984f25108f8137722bb63cee927e66","token":"t2","create_time":"1603977298000000","event_type":"card.action.trigger"},"event":{"operator":{"open_id":"ou_3c14f3a59eaf2825dbe25359f15a0c11"}}}"#
            ))
        guard case .event(let callback) = v2 else {
            Issue.record("v2 not parsed")
            return
        }
        #expect(
            callback.id == "f7984f25108f8137722bb63cee927e66" && callback.type == "card.action.trigger"
                && callback.operatorOpenID == "ou_3c14f3a59eaf2825dbe25359f15a0c11")
        #expect(callback.createdAt == Date(timeIntervalSince1970: 1_603_977_298))

        #expect(
            try LarkPush.parse(data(#"{"challenge":"c","token":"t","type":"url_verification"}"#))
                == .challenge(challenge: "c", token: "t"))
    }

    @Test(
        "Unintelligible pushes are refused with a reason",
        arguments: [
            ("not json", LarkPushError.malformedJSON), ("[]", .malformedJSON), (#"{"a":1}"#, .unknownEnvelope),
            (#"{"schema":"2.0","header":{}}"#, .missingField("header.event_id")),
            (#"{"uuid":"u","event":{}}"#, .missingField("event.type")),
            (#"{"type":"url_verification"}"#, .missingField("challenge")),
        ])
    func refuses(text: String, error: LarkPushError) {
        #expect(throws: error) { try LarkPush.parse(data(text)) }
    }

    @Test("Timestamps in seconds, milliseconds and microseconds, as strings or numbers")
    func times() {
        let expected = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(LarkTime.date("1700000000") == expected)
        #expect(LarkTime.date("1700000000000") == expected)
        #expect(LarkTime.date(NSNumber(value: 1_700_000_000_000 as Int64)) == expected)
        #expect(LarkTime.date("1700000000000000") == expected)
        #expect(LarkTime.date("0") == nil && LarkTime.date("soon") == nil && LarkTime.date(nil) == nil)
    }

    @Test("Attachment names come from ext, or from the URL when the counts differ")
    func attachmentNames() throws {
        let form =
            #"[{"id":"f","name":"F","type":"attachmentV2","ext":"a.pdf,b.png","value":["https://x/1/a","https://x/2/b"]},{"id":"g","name":"G","type":"attachmentV2","ext":"only-one.pdf","value":["https://x/1/first.pdf","https://x/2/second.pdf"]}]"#
        let fields = try LarkFormField.parseForm(form)
        #expect(
            fields[0].value
                == .files([
                    AttachmentReference(fileName: "a.pdf", url: "https://x/1/a"),
                    AttachmentReference(fileName: "b.png", url: "https://x/2/b"),
                ]))
        #expect(
            fields[1].value
                == .files([
                    AttachmentReference(fileName: "first.pdf", url: "https://x/1/first.pdf"),
                    AttachmentReference(fileName: "second.pdf", url: "https://x/2/second.pdf"),
                ]))
        #expect(throws: LarkPushError.malformedJSON) { try LarkFormField.parseForm("{}") }
    }

    @Test("Numbers keep their decimal text; non-numeric amounts are empty")
    func numbers() throws {
        let fields = try LarkFormField.parseForm(
            #"[{"id":"a","type":"amount","value":"12.3400"},{"id":"b","type":"number","value":7},{"id":"c","type":"amount","value":"abc"},{"id":"d","type":"unknownWidget","value":"x"}]"#
        )
        #expect(fields.map(\.value) == [.amount("12.3400", currency: nil), .number("7"), .empty, .empty])
    }
}

@Suite("Reading a claim from a form")
struct ClaimReaderTests {
    let sgd = CurrencyCode("SGD")!

    func form(_ json: String) -> [LarkFormField] { try! LarkFormField.parseForm(json) }

    @Test("A simple form becomes one line item with its vendor, category, date and attachments")
    func simple() {
        let mapping = FormFieldMapping(
            amount: "amt", currency: "cur", date: "day", category: "cat", vendor: "ven", description: "desc",
            attachments: "files")
        let claim = ClaimReader(mapping: mapping).read(
            form(
                #"[{"id":"amt","type":"amount","value":120.5},{"id":"cur","type":"radioV2","value":"SGD"},{"id":"day","type":"date","value":"2026-11-20T08:00:00+08:00"},{"id":"cat","type":"radioV2","value":"meals"},{"id":"ven","type":"input","value":"Toast Box"},{"id":"desc","type":"textarea","value":"Team lunch"},{"id":"files","type":"attachmentV2","ext":"r.pdf","value":["https://x/r.pdf"]}]"#
            ))
        #expect(claim.problems.isEmpty)
        #expect(
            claim.lineItems == [
                LineItem(
                    amount: Money(minorUnits: 12050, currency: sgd),
                    date: try! Date("2026-11-20T00:00:00Z", strategy: .iso8601), category: "meals", vendor: "Toast Box",
                    description: "Team lunch")
            ])
        #expect(claim.attachments.map(\.fileName) == ["r.pdf"])
    }

    @Test("A detail table becomes one line per row; form-level fields fill gaps; unreadable rows are reported")
    func table() {
        let mapping = FormFieldMapping(
            amount: "row-amt", category: "cat", vendor: "row-ven", attachments: "row-file", detailTable: "lines",
            defaultCurrency: sgd)
        let claim = ClaimReader(mapping: mapping).read(
            form(
                #"[{"id":"cat","type":"radioV2","value":"travel"},{"id":"lines","type":"fieldList","value":[[{"id":"row-amt","type":"amount","value":"20.50"},{"id":"row-ven","type":"input","value":"Grab"},{"id":"row-file","type":"attachmentV2","value":["https://x/a.pdf"]}],[{"id":"row-amt","type":"amount","value":45,"currency":"USD"},{"id":"row-ven","type":"input","value":"Uber"}],[{"id":"row-ven","type":"input","value":"No amount"}]]}]"#
            ))
        #expect(
            claim.lineItems.map(\.amount) == [
                Money(minorUnits: 2050, currency: sgd), Money(minorUnits: 4500, currency: CurrencyCode("USD")!),
            ])
        #expect(claim.lineItems.map(\.vendor) == ["Grab", "Uber"])
        #expect(claim.lineItems.allSatisfy { $0.category == "travel" })
        #expect(claim.attachments.map(\.url) == ["https://x/a.pdf"])
        #expect(claim.problems == ["row 3 has no readable amount"])
    }

    @Test("Without a currency anywhere there is no amount; extra zero digits are accepted, extra precision is not")
    func currencyAndPrecision() {
        let noCurrency = ClaimReader(mapping: FormFieldMapping(amount: "a")).read(
            form(#"[{"id":"a","type":"number","value":"10"}]"#))
        #expect(noCurrency.lineItems.isEmpty && noCurrency.problems == ["the form has no readable amount"])
        let reader = ClaimReader(mapping: FormFieldMapping(amount: "a", defaultCurrency: sgd))
        #expect(
            reader.read(form(#"[{"id":"a","type":"amount","value":"12.5000"}]"#)).lineItems.first?.amount.minorUnits
                == 1250)
        #expect(reader.read(form(#"[{"id":"a","type":"amount","value":"12.555"}]"#)).lineItems.isEmpty)
    }
}
