package components

import (
	"errors"
	"fmt"
	"reflect"
)

// ErrCannotAdapt is the error Adapt and AdaptIn wrap when no component, no
// registered adapter and no identity conversion turns a value into the
// requested type. Test for it with errors.Is; the wrapping error names both
// types, as in "components: cannot adapt *foo.Bar to foo.ICounter".
//
// ErrCannotAdapt ports Twisted's CannotAdapt (a TypeError).
var ErrCannotAdapt = errors.New("components: cannot adapt")

// cannotAdapt reports that a value of type from could not be turned into a
// to. A non-empty reason says why, when there is more to say than "nothing
// was registered".
func cannotAdapt(from, to reflect.Type, reason string) error {
	if reason == "" {
		return fmt.Errorf("%w %s to %s", ErrCannotAdapt, typeName(from), typeName(to))
	}
	return fmt.Errorf("%w %s to %s: %s", ErrCannotAdapt, typeName(from), typeName(to), reason)
}

// typeName prints a type for an error message; a nil type is a nil value.
func typeName(t reflect.Type) string {
	if t == nil {
		return "<nil>"
	}
	return t.String()
}
