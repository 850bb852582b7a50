EJ.put("search/programmes/hi",[["prg_fd4591f5f38edaaf","European Higher Education Fair","european higher education fair exchange c25_eu-japan-academic-relations-erasmus"]]);
