package kinds

// The shape of the table: a kind, its parameters, and their places and types.

// Place is where a parameter goes in the request.
type Place int

// The places of a parameter.
const (
	InQuery Place = iota
	InBody
	InHeader
)

func (p Place) String() string { return [...]string{"query", "body", "header"}[p] }

// Type is a parameter's type, in the API's JSON.
type Type int

// The parameter types. An Object has Fields; an ObjectList is a list of
// such objects.
const (
	String Type = iota
	Int
	Bool
	StringList
	IntList
	Object
	ObjectList
)

func (t Type) String() string {
	return [...]string{"string", "number", "bool", "list of strings", "list of numbers", "object", "list of objects"}[t]
}

// Param is one parameter of an export operation.
type Param struct {
	Name     string
	In       Place
	Type     Type
	Required bool
	// Enum lists the allowed values of a String, or of each element of a
	// StringList; empty allows any.
	Enum []string
	// Min and Max bound an Int (or each element of an IntList), or the
	// length in characters of a String; nil leaves that side open.
	Min, Max *int64
	// Default is sent when the user gives none: the only value a required
	// parameter may have (risk_type=iac_risk), so nobody has to write it.
	Default any
	// Fields are the members of an Object or of each ObjectList element.
	Fields []Param
	// Doc says what it is, for the docs, when its name does not.
	Doc string
}

// HeadersShape is how an operation takes the export's columns: a list of
// [key, title] pairs.
type HeadersShape int

// The shapes of the columns.
const (
	// HeadersField: a body field holding the pairs (Kind.HeadersField).
	HeadersField HeadersShape = iota
	// HeadersBareBody: the whole JSON body is the list of pairs (events).
	HeadersBareBody
	// NoHeaders: the operation takes no columns.
	NoHeaders
)

// StatusEndpoint is where an export's task is polled.
type StatusEndpoint int

// The status endpoints.
const (
	// GenericStatus: GET /v5/{project_id}/export-task/{task_id}.
	GenericStatus StatusEndpoint = iota
	// EventStatus: GET /v5/{project_id}/event/export-task/{task_id}.
	EventStatus
)

// Kind is one export operation.
type Kind struct {
	// Name is what the provider's kind argument says, such as
	// "vulnerabilities".
	Name string
	// Operation is the SDK's name for it, such as "ExportVuls".
	Operation string
	// Path is under /v5/{project_id}; every export is a POST.
	Path string
	// Description says what is exported.
	Description string
	Headers     HeadersShape
	// HeadersField is the body field of the columns (export_headers, or
	// export_header_list for one kind).
	HeadersField    string
	HeadersRequired bool
	// Status is the endpoint its task is polled at.
	Status StatusEndpoint
	// RegionRequired: the operation needs the region header.
	RegionRequired bool
	// RecordTotal: the answer also says record_total_num.
	RecordTotal bool
	// Params are its parameters, export_size among them where it has one;
	// enterprise_project_id (query) is shared by all and not listed.
	Params []Param
}

// Param is the parameter named name, and whether there is one.
func (k Kind) Param(name string) (Param, bool) {
	for _, p := range k.Params {
		if p.Name == name {
			return p, true
		}
	}
	return Param{}, false
}

// Named is the kind named name, and whether there is one.
func Named(name string) (Kind, bool) {
	for _, k := range All {
		if k.Name == name {
			return k, true
		}
	}
	return Kind{}, false
}

// Names lists every kind's name, in the table's order.
func Names() []string {
	names := make([]string, len(All))
	for i, k := range All {
		names[i] = k.Name
	}
	return names
}
