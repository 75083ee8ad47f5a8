// Placeholder entry point until the char-LM issue gives the app its commands.
Console.WriteLine("autogradrnn: the training commands are not built yet.");
return 0;
