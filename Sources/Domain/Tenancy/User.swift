public import Foundation

/// A person who can sign in. Users exist across workspaces; membership grants access to one.
public struct User: Hashable, Sendable, Codable {
    public let id: UserID
    public var email: EmailAddress
    /// The Google `sub` claim once the person has signed in with Google.
    public var googleSubject: String?
    public let createdAt: Date
    /// The dashboard language the person chose; nil follows their browser.
    public var language: Language?

    public init(
        id: UserID, email: EmailAddress, googleSubject: String? = nil, createdAt: Date, language: Language? = nil
    ) {
        self.id = id
        self.email = email
        self.googleSubject = googleSubject
        self.createdAt = createdAt
        self.language = language
    }
}
