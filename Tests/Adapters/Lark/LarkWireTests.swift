import Domain
import Foundation
import Ports
import Testing

@testable import Adapters

/// Lark's answers are read from a parsed `JSONValue` the way `Codable` read them before: optional
/// members absent or null, required ones present, every member of its type, unknown ones ignored.
@Suite("Lark answers read without JSONDecoder")
struct LarkWireTests {
    static let instanceCode = "81D31358-93AF-92D6-7425-01A5D67C4E71"
    static let applicant = "ou_3cda9c969f737aaa05e6915dce306cb9"
    static let approver = "ou_7dab8a3d3cdcc9da365777c7ad535d62"

    static func body(data: String, code: String = "0") -> Data {
        Data(#"{"code":\#(code),"msg":"success","data":\#(data)}"#.utf8)
    }

    static func instanceJSON(
        startTime: String = #""1564590532967""#, taskID: String = #""7016594528734855188""#, extra: String = ""
    )
        -> String
    {
        #"""
        {"approval_code":"7C468A54-8745-2245-9675-08B7C63E7A85","approval_name":"Travel","instance_code":"\#(instanceCode)",
         "status":"PENDING","open_id":"\#(applicant)","user_id":"f3ta757q","start_time":\#(startTime),"end_time":"0",
         "form":"[{\"id\":\"widget16510509136230001\",\"name\":\"Amount\",\"type\":\"amount\",\"value\":120.5}]",
         "task_list":[{"id":\#(taskID),"open_id":"\#(approver)","status":"PENDING","node_id":"46e6d04f3c9ae3a04dc2c8e0d5c8c3e6",
         "node_name":"Manager","custom_node_id":null,"type":"AND","start_time":"1564590532967"}]\#(extra)}
        """#
    }

    @Test("An instance: strings and numbers for ids and times alike, unknown and null members ignored")
    func instance() throws {
        for (startTime, taskID) in [
            (#""1564590532967""#, #""7016594528734855188""#), ("1564590532967", "7016594528734855188"),
        ] {
            let read = try CurlLarkGateway.instance(
                answer: Self.body(data: Self.instanceJSON(startTime: startTime, taskID: taskID)),
                instanceCode: Self.instanceCode)
            #expect(read.instanceCode == Self.instanceCode && read.applicantOpenID == Self.applicant)
            #expect(read.startedAt == Date(timeIntervalSince1970: 1_564_590_532.967))
            #expect(read.tasks.map(\.id) == ["7016594528734855188"] && read.tasks.map(\.openID) == [Self.approver])
            #expect(read.tasks.map(\.nodeName) == ["Manager"] && read.form.count == 1)
        }
    }

    @Test(
        "An answer with a member of the wrong type, or without a required one, is malformed",
        arguments: [
            body(data: instanceJSON(extra: #","open_id":7"#)),
            body(data: instanceJSON(taskID: "true")),
            body(data: #"{"instance_code":"\#(instanceCode)","form":"[]"}"#),
            body(data: #"{"status":"PENDING","form":[]}"#),
            body(data: #"{"status":"PENDING","form":"[]","task_list":{}}"#),
            body(data: #"{"status":"PENDING","form":"[]","task_list":[1]}"#),
            body(data: instanceJSON(), code: #""0""#),
            body(data: "null"), body(data: "[]"), Data("[]".utf8), Data(#"{"code":0}"#.utf8),
            Data(#"{"code":0,"data":{"status":"PENDING","form":"[]"}"#.utf8),
        ])
    func malformed(body: Data) {
        #expect(throws: LarkError(.malformedResponse)) {
            try CurlLarkGateway.instance(answer: body, instanceCode: Self.instanceCode)
        }
    }

    @Test("A number sent for a string keeps an integer's digits; a fraction reads as a Double does")
    func flexibleStrings() throws {
        func commentID(_ literal: String) throws -> String? {
            try LarkWire.CommentCreated(json: JSONValue.parse(#"{"comment_id":\#(literal)}"#)).commentID
        }
        #expect(try commentID("7016594528734855188") == "7016594528734855188")
        #expect(try commentID(#""7016594528734855188""#) == "7016594528734855188")
        #expect(try commentID("1.5") == "1.5")
        #expect(try commentID("null") == nil)
        #expect(throws: LarkAnswerFields.Unreadable.self) { try commentID("true") }
    }

    @Test("An envelope reads its code whatever its data; a failure's data of another shape is no data")
    func envelopes() throws {
        let failure = try JSONValue.parse(#"{"code":1390018,"msg":"signature required","data":{"other":[1,2]}}"#)
        #expect(try LarkWire.Status(json: failure).code == 1_390_018)
        #expect(throws: LarkAnswerFields.Unreadable.self) { try LarkWire.Envelope<LarkWire.MessageSent>(json: failure) }
        let empty = try LarkWire.Envelope<LarkWire.Nothing>(json: JSONValue.parse(#"{"code":0,"msg":"success"}"#))
        #expect(empty.code == 0 && empty.data == nil)
        #expect(throws: LarkAnswerFields.Unreadable.self) {
            try LarkWire.Status(json: JSONValue.parse(#"{"code":"0"}"#))
        }
        let token = try LarkWire.TokenResponse(
            json: JSONValue.parse(
                #"{"code":0,"msg":"ok","tenant_access_token":"t-g1044ghJRUIJJ5ELPZ5ZELVRRA7HZGN2GGV5ZO5W","expire":7200}"#
            ))
        #expect(token.tenantAccessToken.hasPrefix("t-g1044") && token.expire == 7200)
        #expect(throws: LarkAnswerFields.Unreadable.self) {
            try LarkWire.TokenResponse(json: JSONValue.parse(#"{"code":0,"expire":7200}"#))
        }
        let page = try LarkWire.InstanceList(
            json: JSONValue.parse(
                #"{"instance_code_list":["\#(Self.instanceCode)"],"has_more":false,"page_token":null}"#))
        #expect(page.instanceCodeList == [Self.instanceCode] && page.hasMore == false && page.pageToken == nil)
        #expect(throws: LarkAnswerFields.Unreadable.self) {
            try LarkWire.InstanceList(json: JSONValue.parse(#"{"instance_code_list":[1]}"#))
        }
    }
}
