# One INTERFACE target carries the language standard, Qt strictness and warnings for every target.
add_library(sentinel_common INTERFACE)
target_compile_features(sentinel_common INTERFACE cxx_std_20)
target_compile_definitions(sentinel_common INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_USE_QSTRINGBUILDER
    QT_NO_KEYWORDS
    SENTINEL_VERSION="${PROJECT_VERSION}")
target_compile_options(sentinel_common INTERFACE
    -Wall -Wextra -Wold-style-cast -Wnon-virtual-dtor -Woverloaded-virtual
    $<$<BOOL:${SENTINEL_WERROR}>:-Werror>)
target_include_directories(sentinel_common INTERFACE "${PROJECT_SOURCE_DIR}/src")

# sentinel_add_module(NAME SOURCES ... LINKS ...): one static library per folder under src/.
function(sentinel_add_module name)
    cmake_parse_arguments(ARG "" "" "SOURCES;LINKS" ${ARGN})
    add_library(sentinel_${name} STATIC ${ARG_SOURCES})
    target_link_libraries(sentinel_${name} PUBLIC sentinel_common ${ARG_LINKS})
endfunction()
