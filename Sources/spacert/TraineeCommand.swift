// placeholder while building the library
