import Application
import Domain
import Foundation

/// A watched flow with its mapping and, when known, the definition's widgets.
struct FlowView: Encodable {
    struct Widget: Encodable {
        let id: String
        let name: String
        let type: String
        let columns: [Widget]?

        init(_ field: LarkFormField) {
            id = field.id
            name = field.name
            type = field.type
            columns = field.columns.isEmpty ? nil : field.columns.map(Widget.init)
        }
    }

    let id: String
    let approvalCode: String
    let name: String
    let subscribed: Bool
    let mapping: FormFieldMapping
    let mappingUsable: Bool
    let createdAt: Date
    let widgets: [Widget]?

    init(_ flow: MonitoredFlow, widgets: [LarkFormField]? = nil) {
        id = flow.id.description
        approvalCode = flow.approvalCode
        name = flow.name
        subscribed = flow.subscribed
        mapping = flow.mapping
        mappingUsable = flow.mapping.isUsable
        createdAt = flow.createdAt
        self.widgets = widgets?.map(Widget.init)
    }
}
