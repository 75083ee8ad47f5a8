// The autogradrnn command line (models/App/Cli.cs). With no arguments it trains the course's char-level LSTM on
// the bundled corpus; see 'autogradrnn --help'.
return AutoGradRnn.Models.App.Cli.Run(args);
