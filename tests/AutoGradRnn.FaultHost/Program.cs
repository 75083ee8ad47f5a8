// The autogradrnn app with one fault injected into its checkpoint writes, for the fault-injection tests:
//   AutoGradRnn.FaultHost <stage>:<write>:<action> <autogradrnn arguments…>
// stage: TempCreated, HalfWritten, Flushed or Renamed (the steps of AtomicFile.Write); write: which write (1 = the
// first); action: crash (SIGKILL to itself: no cleanup, no flush, as a power cut or the OOM killer would), fail (an
// IOException "No space left on device", as a full disk), oom (an OutOfMemoryException, as a failed allocation) or pause (print "paused" on standard error and wait 60 s, for
// signals to arrive mid-write). The hook is internal to the runtime; only this program sets it.
using AutoGradRnn.Checkpoints;

// The tests run a cell's window form from batch 2 (tests/AutoGradRnn.Tests/WindowFormSwitch.cs); so does this host, so
// its checkpoints have the bits of the runs the tests compare them with.
AutoGradRnn.Recurrence.DefaultWindowFormMinBatch = 2;

var fault = args[0].Split(':');
var stage = Enum.Parse<WriteStage>(fault[0]);
int write = int.Parse(fault[1], System.Globalization.CultureInfo.InvariantCulture);
string action = fault[2];
int writes = 0;
AtomicFile.FaultHook = reached =>
{
    if (reached == WriteStage.TempCreated) writes++;
    if (reached != stage || writes != write) return;
    switch (action)
    {
        case "crash":
            Console.Out.Flush();
            System.Diagnostics.Process.GetCurrentProcess().Kill();
            Thread.Sleep(Timeout.Infinite);
            break;
        case "fail":
            throw new IOException("No space left on device");
        case "oom":
            throw new OutOfMemoryException();
        case "pause":
            Console.Error.WriteLine("paused");
            Console.Error.Flush();
            Thread.Sleep(TimeSpan.FromSeconds(60));
            break;
    }
};
return AutoGradRnn.Models.App.Cli.Run(args[1..]);
