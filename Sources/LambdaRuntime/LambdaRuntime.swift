// placeholder: the runtime core lands with issue 3
