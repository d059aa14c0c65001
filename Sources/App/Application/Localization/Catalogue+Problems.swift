extension Catalogue {
    /// The application's and domain's problem sentences (English, as the API returns them) that a
    /// page writes in its language: each is the English catalogue's text of its phrase.
    public static let problems: [String: Phrase] = [
        "The submission window must be 1 to 3650 days.": .problemWindowRange,
        "The tolerance must be 0% to 100%.": .problemToleranceRange,
        "The yellow anomaly multiple must be above 1.": .problemYellowMultiple,
        "The red anomaly multiple must be above the yellow one.": .problemRedMultiple,
        "Category caps must be positive.": .problemCapsPositive,
        "Daily caps must be positive.": .problemDailyCapsPositive,
        "The amount above which an invoice is needed must not be negative.": .problemInvoiceAboveNegative,
        "Citations: at most 500, each at most 1000 characters.": .problemCitations,
        "Auto-approve needs at least 1 prior approval.": .problemAutoApprove,
        "The time zone is not a known IANA name.": .problemTimeZone,
        "History must be kept 30 to 36500 days, or forever.": .problemRetention,
        "Reminders go after 1 to 30 working days, or never (0).": .problemReminder,
        "App ID is required.": .problemAppID,
        "App Secret is required.": .problemAppSecret,
        "Encrypt Key is required: without it Lark's signature authenticates nothing.": .problemEncryptKey,
        "Verification Token is required.": .problemVerificationToken,
        "domain: choose lark (larksuite.com) or feishu (feishu.cn).": .problemDomain,
        "App ID is too long.": .problemAppIDLong,
        "approvalCode: paste the approval code from the flow's URL in the Lark admin console.": .problemApprovalCode,
        "from must not be after to.": .problemPeriodOrder,
        "The period can be at most 366 days.": .problemPeriodLength,
        "The PDF is larger than 10 MB.": .problemPDFTooLarge,
        "The PDF has no text to read (a scan?); paste the text instead.": .problemPDFNoText,
        "The file is not a PDF that could be read.": .problemPDFUnreadable,
        "The policy is empty.": .problemPolicyEmpty,
        "The policy is longer than 200000 characters; import it in parts.": .problemPolicyLong,
        "person: a Lark open id (ou_ followed by letters and digits) or an e-mail address.": .problemPerson,
        "confirm: type the workspace's name exactly to delete it.": .problemWorkspaceConfirm,
        "The cap must be positive.": .problemCapPositive,
        "The amount must not be negative.": .problemAmountNegative,
        "The category needs a name of 1 to 80 characters.": .problemCategoryName,
        "The vendor needs a name of 1 to 80 characters.": .problemVendorName,
        "lower: a non-negative amount in the rule's currency, e.g. 12.50.": .problemRuleLower,
        "upper: a non-negative amount in the rule's currency, e.g. 80.00.": .problemRuleUpper,
        "lower must not exceed upper.": .problemRuleOrder,
        "An edit keeps the proposal's kind of rule.": .problemKeepKind,
    ]

    /// `problem` in `localizer`'s language when it is one of ``problems``, else as it is.
    public static func problem(_ problem: String, _ localizer: Localizer) -> String {
        problems[problem].map { localizer($0) } ?? problem
    }
}
