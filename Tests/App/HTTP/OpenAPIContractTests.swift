import Foundation
import Testing

@testable import HTTP

@Suite("The OpenAPI document as a contract")
struct OpenAPIContractTests {
    static func document() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
    }

    @Test("Each operation lists the edge's answers for its kind: session, unsafe method, body, path id, query")
    func completedStatuses() throws {
        let paths = try #require(try Self.document()["paths"] as? [String: [String: Any]])
        var operations = 0
        for (path, item) in paths {
            for method in ["get", "put", "post", "delete"] {
                guard let operation = item[method] as? [String: Any] else { continue }
                operations += 1
                let statuses = Set((operation["responses"] as? [String: Any] ?? [:]).keys)
                let label = "\(method.uppercased()) \(path)"
                #expect(statuses.contains("503"), "\(label)")
                if (operation["security"] as? [Any])?.isEmpty != true {
                    #expect(statuses.isSuperset(of: ["401", "403"]), "\(label)")
                }
                if method != "get" { #expect(statuses.isSuperset(of: ["403", "409"]), "\(label)") }
                if let body = operation["requestBody"] as? [String: Any] {
                    #expect(body["required"] as? Bool == true, "\(label)")
                    #expect(statuses.isSuperset(of: ["400", "413", "415", "422"]), "\(label)")
                }
                if path.contains("{id}") { #expect(statuses.contains("404"), "\(label)") }
                if operation["parameters"] != nil { #expect(statuses.contains("422"), "\(label)") }
            }
        }
        #expect(operations >= 25)
    }

    @Test("The API takes exactly the e-mail addresses its document's pattern describes")
    func emailPatternMatchesServer() throws {
        let paths = try #require(try Self.document()["paths"] as? [String: [String: Any]])
        let operation = try #require(paths["/auth/magic-link"]?["post"] as? [String: Any])
        let schema = try #require(
            (((operation["requestBody"] as? [String: Any])?["content"] as? [String: Any])?["application/json"]
                as? [String: Any])?["schema"] as? [String: Any])
        let email = try #require((schema["properties"] as? [String: Any])?["email"] as? [String: Any])
        let regex = try NSRegularExpression(pattern: try #require(email["pattern"] as? String))
        let maximum = try #require(email["maxLength"] as? Int)
        func documented(_ text: String) -> Bool {
            text.unicodeScalars.count <= maximum
                && regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        }
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("aZ09._%+-@ <>\"é中\t*")
        var samples = [
            "ana@example.com", "Ana.B+tag@sub.Example.co", "a@b.c", "a@b", "@b.c", "a@.b", "a@b.", "a@b..c", " a@b.c",
            "a@b.c ", "a b@c.d", "a@b@c.d", "用户@例子.中国", "x@xn--fiqs8s.cn", String(repeating: "a", count: 250) + "@b.cd",
        ]
        for _ in 0..<3000 {
            samples.append(
                String((0..<Int.random(in: 1...12, using: &generator)).map { _ in alphabet.randomElement()! }))
        }
        for sample in samples {
            #expect(documented(sample) == (APIEmail.parse(sample) != nil), "\(sample.debugDescription)")
        }
    }
}
