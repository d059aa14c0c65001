extension SettingsPages {
    /// `/settings`: the onboarding checklist, the Lark connection, flows and members (the policy
    /// form's fields are ``PolicyForm/Fields``).
    struct Page: Sendable {
        struct Flow: Sendable {
            let id: String
            let name: String
            let approvalCode: String
            let usable: Bool
        }

        struct Member: Sendable {
            let email: String
            let role: String
            let userID: String
            let isAdmin: Bool
            let csrf: String
            let roles: [OptionModel]
        }

        let isAdmin: Bool
        let workspaceName: String
        let connected: Bool
        let appID: String
        let isLark: Bool
        let domainLabel: String
        let eventsURL: String
        let cardURL: String
        let steps: [String]
        let hasFlows: Bool
        let policySaved: Bool
        let flows: [Flow]
        let members: [Member]
        let deadLetters: [DeadLetter]
        let hasDeadLetters: Bool
        let error: ErrorModel?

        /// A dead-lettered job, as an admin reads it.
        struct DeadLetter: Sendable {
            let id: String
            let kind: String
            let subject: String
            let attempts: Int
            let error: String
            let lastAttempt: String
            let csrf: String
        }
    }

    /// `/settings/flows/{id}`: the mapping editor, one select per field of a claim.
    struct FlowPage: Sendable {
        struct Option: Sendable {
            let id: String
            let title: String
            let selected: Bool
        }

        struct Field: Sendable {
            let name: String
            let label: String
            let options: [Option]
        }

        let id: String
        let name: String
        let approvalCode: String
        let widgetsKnown: Bool
        let canEdit: Bool
        let defaultCurrency: String
        let fields: [Field]
        let error: ErrorModel?
    }
}

/// The settings page's manual exchange rates.
struct ExchangeRateRows: Sendable {
    struct Row: Sendable {
        let from: String
        let to: String
        let rate: String
        let day: String
        let isAdmin: Bool
        let csrf: String
    }

    let rates: [Row]
    let hasRates: Bool
}
