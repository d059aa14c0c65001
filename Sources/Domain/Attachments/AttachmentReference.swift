/// An attachment as a Lark form names it: where to fetch it, nothing fetched yet.
public struct AttachmentReference: Hashable, Sendable, Codable {
    /// The name the employee gave the file. Shown to approvers; never logged.
    public let fileName: String
    /// The download URL from the instance; short-lived on Lark's side.
    public let url: String

    public init(fileName: String, url: String) {
        self.fileName = fileName
        self.url = url
    }
}
