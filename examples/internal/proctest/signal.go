package proctest

import "os"

// interrupt stops an example the way Ctrl-C does.
var interrupt = os.Interrupt
