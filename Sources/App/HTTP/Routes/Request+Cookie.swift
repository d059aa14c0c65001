import Application
import Foundation
import Hummingbird

extension Request {
    /// The value of a cookie from the `Cookie` header(s) — never from the query or the body.
    func cookie(named name: String) -> String? {
        for header in headers[values: .cookie] {
            for part in header.split(separator: ";") {
                let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1).map(
                    String.init)
                if pair.count == 2, pair[0] == name, !pair[1].isEmpty { return pair[1] }
            }
        }
        return nil
    }
}
