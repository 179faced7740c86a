package components

import (
	"fmt"
	"reflect"
)

// callFactory calls factory, a function of one argument and one result, with
// original or with the embedded part of original its argument type names. It
// returns the result (nil if the result is a nil value) and the declared
// result type. It panics, naming method, if the call is impossible: SetAdapter
// and AddAdapter take their factory as any, so the compiler cannot check it.
func callFactory(method string, factory any, original any) (any, reflect.Type) {
	fv := reflect.ValueOf(factory)
	if !fv.IsValid() || fv.Kind() != reflect.Func || fv.IsNil() ||
		fv.Type().NumIn() != 1 || fv.Type().NumOut() != 1 || fv.Type().IsVariadic() {
		panic(fmt.Sprintf("components: %s needs a func of one argument and one result, not %T", method, factory))
	}
	in, out := fv.Type().In(0), fv.Type().Out(0)
	arg, err := argumentFor(original, in)
	if err != nil {
		panic(fmt.Sprintf("components: %s: %v", method, err))
	}
	result := fv.Call([]reflect.Value{arg})[0]
	if canBeNil(out) && result.IsNil() {
		return nil, out
	}
	return result.Interface(), out
}

// argumentFor finds in original the value a parameter of type in takes:
// original itself if it fits, else the shallowest embedded value of that
// type (or a pointer to it), as adapter lookup finds one.
func argumentFor(original any, in reflect.Type) (reflect.Value, error) {
	ot := reflect.TypeOf(original)
	if ot.AssignableTo(in) {
		return reflect.ValueOf(original), nil
	}
	path, ok := searchEmbedded(ot, func(t reflect.Type) bool { return t == in })
	if !ok {
		return reflect.Value{}, fmt.Errorf("%s neither is nor embeds a %s", ot, in)
	}
	v, err := path.value(original)
	if err != nil {
		return reflect.Value{}, fmt.Errorf("cannot pass %s to a factory taking %s: %v", ot, in, err)
	}
	return reflect.ValueOf(v), nil
}
