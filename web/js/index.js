// index.js - the home page: one search box; a name shorter than 2 characters is refused here,
// before the trip to the server.
import { wireSearchForm } from './searchform.js';

wireSearchForm(document.getElementById('search-form'));
