# cmake -DSOURCE=config/jamd.json -DOUTPUT=<file> -P cmake/installed_config.cmake: writes the
# config that `cmake --install` puts in /etc/jamd: the shipped config/jamd.json with the admin
# listener on 127.0.0.1:45001, and nothing else changed. It fails, rather than installing the
# file unchanged, when config/jamd.json no longer holds exactly one `"listen": ""`.
file(READ "${SOURCE}" text)
set(pattern "\"listen\": \"\",")
string(FIND "${text}" "${pattern}" first)
string(FIND "${text}" "${pattern}" last REVERSE)
if(first EQUAL -1 OR NOT first EQUAL last)
  message(FATAL_ERROR "${SOURCE} must hold ${pattern} exactly once (admin.listen, off), "
                      "for the installed config to turn the admin listener on")
endif()
string(REGEX REPLACE "\"listen\": \"\", +//" "\"listen\": \"127.0.0.1:45001\", //" text "${text}")
string(REPLACE "${pattern}" "\"listen\": \"127.0.0.1:45001\"," text "${text}")
file(WRITE "${OUTPUT}.new" "${text}")
file(RENAME "${OUTPUT}.new" "${OUTPUT}")
