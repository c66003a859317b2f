// Compiled into every module library so that a module whose sources are still
// being added (globbed, CONFIGURE_DEPENDS) remains a valid static library.
