"""Starting the stack: what each server's command is (services) and keeping them up (supervisor)."""
