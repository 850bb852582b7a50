EJ.put("search/milestones/us",[["mil_c8b8ecc959ed041f","Arrived on the coast of Bungo (present-day Usuki)","1598 year visit arrived on the coast of bungo (present-day usuki)"]]);
