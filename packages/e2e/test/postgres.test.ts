import { describeJourney } from './support/journey.js';

describeJourney('postgres');
