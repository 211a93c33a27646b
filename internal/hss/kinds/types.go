package kinds

// The shape of the table: a kind, its parameters, and their places and types.

// Place is where a parameter goes in the request.
type Place int

// The places of a parameter.
const (
	InQuery Place = iota
	InBody
	// InHeader: no entry of the table has a header parameter (the region
	// header is the client's own); it stays for sdktest, a module outside
	// this package, which places the SDK's header parameters with it.
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
	// Wide: an Int the SDK models as int64 (times in milliseconds, sizes);
	// any other Int is an int32 there, and bounded to its range.
	Wide bool
	// MinItems and MaxItems bound the number of elements of a list; nil
	// leaves that side open.
	MinItems, MaxItems *int64
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

// RegionHeader is whether an operation takes the region header.
type RegionHeader int

// The region headers.
const (
	// NoRegion: the SDK models no region header; none is sent.
	NoRegion RegionHeader = iota
	// RegionOptional: sent when the request or the client has a region.
	RegionOptional
	// RegionRequired: HSS requires it; a request without a region is refused.
	RegionRequired
)

// Deprecated is a parameter the SDK still models but HSS has deprecated:
// the client refuses it, naming what to use instead.
type Deprecated struct {
	Name, Instead string
}

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
	// MaxHeaders bounds the number of columns, where the SDK states it.
	MaxHeaders int
	// Columns are the column keys the kind is known to take, where a
	// source names them (ColumnsSource); a key outside them is a warning,
	// not an error: the lists may be incomplete.
	Columns       []string
	ColumnsSource string
	// Status is the endpoint its task is polled at.
	Status StatusEndpoint
	// StatusSource says where Status comes from; empty when no source says
	// (a default, which the client's fallback to the other status
	// endpoints covers).
	StatusSource string
	// Region is whether the operation takes the region header; the SDK
	// models it for a few operations only, and the client sends it only
	// there.
	Region RegionHeader
	// TaskType is the export_task_type of ShowLatestExportTaskByType for
	// this kind's tasks, where known: the last place its task is looked
	// for.
	TaskType string
	// RecordTotal: the answer also says record_total_num.
	RecordTotal bool
	// Params are its parameters, export_size among them where it has one;
	// enterprise_project_id (query) is shared by all and not listed.
	Params []Param
	// Deprecated are parameters HSS deprecates (refused, with what to use).
	Deprecated []Deprecated
	// Spans bound how far apart two whole-number parameters may be.
	Spans []Span
	// Exclusive lists groups of parameters of which one may be set and
	// the others not: the first against each of the rest.
	Exclusive [][]string
}

// Span says that To may be at most Max after From (both given).
type Span struct {
	From, To string
	Max      int64
	// Says is Max in words, for messages ("two days").
	Says string
}

// int32 is the range of the SDK's whole numbers that are not Wide.
const (
	minInt32 = -1 << 31
	maxInt32 = 1<<31 - 1
)

// IntRange is the range of an Int (or of each element of an IntList): its
// Min and Max, and where either is open, the SDK's int32 unless Wide.
func (p Param) IntRange() (lo, hi *int64) {
	lo, hi = p.Min, p.Max
	if p.Wide {
		return lo, hi
	}
	if lo == nil {
		lo = n(minInt32)
	}
	if hi == nil {
		hi = n(maxInt32)
	}
	return lo, hi
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
